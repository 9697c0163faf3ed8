package com.coderinsights.dw.spark.common;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The window a run covers: arrival hours {@code from} to {@code to}, both inclusive, in UTC.
 * A null bound is open (everything there is). Jobs take their window from here and never read
 * the clock.
 */
public record RunWindow(Instant from, Instant to) {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH");

    public RunWindow {
        if (from != null && !from.equals(from.truncatedTo(ChronoUnit.HOURS))) {
            throw new IllegalArgumentException("--from must be a whole hour: " + from);
        }
        if (to != null && !to.equals(to.truncatedTo(ChronoUnit.HOURS))) {
            throw new IllegalArgumentException("--to must be a whole hour: " + to);
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("--to (" + format(to) + ") is before --from (" + format(from) + ")");
        }
    }

    public static RunWindow all() {
        return new RunWindow(null, null);
    }

    /** Parses {@code YYYY-MM-DDTHH} bounds (either may be null). */
    public static RunWindow parse(String from, String to) {
        return new RunWindow(parseHour("--from", from), parseHour("--to", to));
    }

    public static Instant parseHour(String flag, String s) {
        if (s == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(s, HOUR).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(flag + " must look like 2026-11-02T09 (UTC hour), not '" + s + "'");
        }
    }

    public static String format(Instant hour) {
        return hour == null ? "*" : HOUR.format(LocalDateTime.ofInstant(hour, ZoneOffset.UTC));
    }

    public boolean contains(Instant hour) {
        return (from == null || !hour.isBefore(from)) && (to == null || !hour.isAfter(to));
    }

    @Override
    public String toString() {
        return format(from) + ".." + format(to);
    }
}
