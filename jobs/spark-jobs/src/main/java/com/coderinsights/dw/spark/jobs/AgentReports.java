package com.coderinsights.dw.spark.jobs;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import com.coderinsights.dw.core.usage.SessionFamilies;
import org.apache.spark.sql.Column;

/**
 * Which raw agent reports can matter, decided on the bronze columns without parsing any JSON. About
 * nine in ten reports are idle heartbeats: no session, no latency sample, so no number reads them.
 * Bronze marks them ({@link #IDLE}, a partition of {@code bronze.workspace_agent_stats}) as it writes
 * them, and silver reads only the other partition.
 */
public final class AgentReports {

    /** The bronze column (and partition) of the idle reports. */
    public static final String IDLE = "_idle";

    private AgentReports() {
    }

    /**
     * True for a bronze agent report that may carry a session or a latency sample, false for one that
     * surely does not: never false for a report the usage tables count (a positive count in the 2026
     * map is a digit 1-9 after a colon).
     */
    public static Column maybeActive() {
        Column c = col("connection_median_latency_ms").gt(0).or(col("session_counts").rlike(":\\s*[1-9]"));
        for (String column : SessionFamilies.STABLE_COLUMNS.keySet().stream().sorted().toList()) {
            c = c.or(col(column).gt(0));
        }
        return coalesce(c, lit(false));
    }

    /**
     * The {@link #IDLE} flag: a report that surely carries nothing ({@link #maybeActive()} false) and
     * is not dated after the end of its file's arrival hour. Silver quarantines reports dated later
     * than that (plus a skew of zero or more minutes), so every report silver keeps or quarantines is
     * one this flag leaves false; a report without a time is never idle.
     */
    public static Column idle() {
        return coalesce(not(maybeActive()).and(col("created_at").leq(col("_arrival_hour").plus(expr("interval 1 hour")))), lit(false));
    }
}
