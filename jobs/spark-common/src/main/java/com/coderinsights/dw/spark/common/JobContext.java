package com.coderinsights.dw.spark.common;

import java.time.Instant;

/**
 * What every job of one pipeline run shares.
 *
 * @param config       the resolved configuration
 * @param lake         where the Delta tables are
 * @param landingRoot  the landing zone (raw files)
 * @param runId        identifies the run in every row it writes ({@code _run_id})
 * @param runStartedAt the run's logical time, passed in by the launcher ({@code _ingested_at}); jobs never read the clock
 * @param handOff      what the run's layers hand each other in memory; null when a job runs on its own (it then notes
 *                     everything in the lake at once)
 */
public record JobContext(DwConfig config, Lake lake, String landingRoot, String runId, Instant runStartedAt, HandOff handOff) {

    /** A context without a hand-off: each job writes what it leaves for the next ones to the lake. */
    public JobContext(DwConfig config, Lake lake, String landingRoot, String runId, Instant runStartedAt) {
        this(config, lake, landingRoot, runId, runStartedAt, null);
    }

    /** This context with the given hand-off. */
    public JobContext withHandOff(HandOff h) {
        return new JobContext(config, lake, landingRoot, runId, runStartedAt, h);
    }
}
