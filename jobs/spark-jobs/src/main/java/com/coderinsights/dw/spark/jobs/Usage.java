package com.coderinsights.dw.spark.jobs;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
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
     * The minutes an app session overlaps: trunc_minute(start) to trunc_minute(end - 1 µs), one per
     * minute (a 10 s session across a minute boundary has two); none when it has no length.
     */
    public static Column sessionMinutes(Column start, Column end) {
        Column last = date_trunc("minute", end.minus(expr("interval 1 microsecond")));
        return when(end.gt(start), sequence(date_trunc("minute", start), last, expr("interval 1 minute")))
                .otherwise(array().cast("array<timestamp>"));
    }
}
