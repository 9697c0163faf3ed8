package com.coderinsights.dw.spark.jobs;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * The time expressions every usage table shares, written once (SEMANTICS.md §3.2): UTC minutes,
 * UTC half-hour buckets, and the minutes an app session overlaps.
 */
public final class Usage {

    private static final long HALF_HOUR_MICROS = 30L * 60 * 1_000_000;

    private Usage() {
    }

    /** The minute of a timestamp (the session time zone is UTC). */
    public static Column minute(Column t) {
        return date_trunc("minute", t);
    }

    /** The half-hour bucket of a timestamp: [hh:00, hh:30) or [hh:30, hh+1:00), UTC. */
    public static Column halfHour(Column t) {
        return timestamp_micros(floor(unix_micros(t).divide(HALF_HOUR_MICROS)).multiply(HALF_HOUR_MICROS));
    }

    /**
     * Rows whose {@code ts} falls in one of the periods {@code [start, start + length)}, adjacent ones
     * merged, and whose {@code date} is one those periods touch (so Delta prunes partitions by the date
     * and files by their min/max {@code ts}).
     */
    public static Column within(Column date, Column ts, java.util.Collection<java.time.Instant> starts, java.time.Duration length) {
        java.util.TreeSet<String> dates = new java.util.TreeSet<>();
        Column any = lit(false);
        for (java.time.Instant[] p : com.coderinsights.dw.spark.common.Sql.periods(starts, length)) {
            java.time.Instant from = p[0];
            java.time.Instant to = p[1];
            for (java.time.LocalDate d = java.time.LocalDate.ofInstant(from, java.time.ZoneOffset.UTC);
                 !d.isAfter(java.time.LocalDate.ofInstant(to.minusNanos(1000), java.time.ZoneOffset.UTC)); d = d.plusDays(1)) {
                dates.add(d.toString());
            }
            any = any.or(ts.geq(lit(java.sql.Timestamp.from(from))).and(ts.lt(lit(java.sql.Timestamp.from(to)))));
        }
        return date.isin(dates.stream().map(java.sql.Date::valueOf).toArray()).and(any);
    }

    /**
     * The minutes an app session overlaps: trunc_minute(start) to trunc_minute(end - 1 µs), one per
     * minute (a 10 s session across a minute boundary has two); none when it has no length.
     */
    public static Column sessionMinutes(Column start, Column end) {
        Column last = date_trunc("minute", end.minus(expr("interval 1 microsecond")));
        return when(end.gt(start), sequence(date_trunc("minute", start), last, expr("interval 1 minute")))
                .otherwise(array().cast("array<timestamp>"));
    }
}
