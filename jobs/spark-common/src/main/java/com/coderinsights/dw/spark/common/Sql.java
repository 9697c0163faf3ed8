package com.coderinsights.dw.spark.common;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Small helpers for what jobs hand to Spark and Delta: SQL predicates (replaceWhere, merge conditions), and the
 * Scala sequences of Spark's join and grouping-set methods.
 */
public final class Sql {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Sql() {
    }

    /** A Java list as the Scala sequence Spark's join and grouping-set methods take. */
    public static <T> scala.collection.immutable.Seq<T> seq(List<T> items) {
        return scala.jdk.javaapi.CollectionConverters.asScala(items).toList();
    }

    /** {@code column in ('a', 'b')}, with quotes and backslashes escaped. */
    public static String inList(String column, List<String> values) {
        return column + " in (" + values.stream().map(Sql::literal).collect(Collectors.joining(", ")) + ")";
    }

    /** A SQL string literal. */
    public static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /**
     * The periods {@code [start, start + length)} of the given starts, in order, with overlapping or touching
     * ones joined: each a pair {from, to}.
     */
    public static List<Instant[]> periods(java.util.Collection<Instant> starts, java.time.Duration length) {
        List<Instant> sorted = starts.stream().distinct().sorted().toList();
        List<Instant[]> out = new java.util.ArrayList<>();
        int i = 0;
        while (i < sorted.size()) {
            Instant from = sorted.get(i);
            Instant to = from.plus(length);
            while (++i < sorted.size() && !sorted.get(i).isAfter(to)) {
                to = sorted.get(i).plus(length);
            }
            out.add(new Instant[] {from, to});
        }
        return out;
    }

    /**
     * {@code (column >= a and column < b) or ...} over the {@link #periods} of the starts (whole seconds), or
     * {@code false} when there are none: a predicate Delta can skip files by (their min/max statistics).
     */
    public static String within(String column, java.util.Collection<Instant> starts, java.time.Duration length) {
        List<String> ranges = periods(starts, length).stream()
                .map(p -> "(" + column + " >= " + timestamp(p[0]) + " and " + column + " < " + timestamp(p[1]) + ")").toList();
        return ranges.isEmpty() ? "false" : "(" + String.join(" or ", ranges) + ")";
    }

    /** A SQL timestamp literal of an instant (whole seconds, UTC: the session time zone of every job). */
    public static String timestamp(Instant instant) {
        return "timestamp'" + TIMESTAMP.format(instant) + "'";
    }
}
