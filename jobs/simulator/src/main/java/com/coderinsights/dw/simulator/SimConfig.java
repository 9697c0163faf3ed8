package com.coderinsights.dw.simulator;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * What to simulate. Counts default from {@code workspaces} the way a real deployment is shaped
 * (about 0.45 users and 1/200 templates per workspace).
 *
 * @param generation 2025, 2026, or 0 for a mix (80 % of workspaces report the 2025 generation)
 */
public record SimConfig(
        long seed,
        Path out,
        int orgs,
        int users,
        int templates,
        int workspaces,
        int days,
        LocalDate start,
        boolean gzip,
        int maxLinesPerFile,
        int generation,
        Landing.Rates rates) {

    public static final LocalDate DEFAULT_START = LocalDate.of(2026, 11, 2);

    /** Default fault rates when faults are on. */
    public static final Landing.Rates DEFAULT_FAULTS = new Landing.Rates(0.002, 0.002, 0.005, 0.0006, 0.001, 0.03);

    public LocalDate end() {
        return start.plusDays(days);
    }
}
