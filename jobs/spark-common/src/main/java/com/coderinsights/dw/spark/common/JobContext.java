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
 */
public record JobContext(DwConfig config, Lake lake, String landingRoot, String runId, Instant runStartedAt) {
}
