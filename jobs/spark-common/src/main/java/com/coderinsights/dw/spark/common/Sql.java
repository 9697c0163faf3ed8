package com.coderinsights.dw.spark.common;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/** Small helpers for the SQL predicates jobs hand to Delta (replaceWhere, merge conditions). */
public final class Sql {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Sql() {
    }

    /** {@code column in ('a', 'b')}, with quotes and backslashes escaped. */
    public static String inList(String column, List<String> values) {
        return column + " in (" + values.stream().map(Sql::literal).collect(Collectors.joining(", ")) + ")";
    }

    /** A SQL string literal. */
    public static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** A SQL timestamp literal of an instant (whole seconds, UTC: the session time zone of every job). */
    public static String timestamp(Instant instant) {
        return "timestamp'" + TIMESTAMP.format(instant) + "'";
    }
}
