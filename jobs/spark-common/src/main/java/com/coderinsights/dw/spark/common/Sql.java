package com.coderinsights.dw.spark.common;

import java.util.List;
import java.util.stream.Collectors;

/** Small helpers for the SQL predicates jobs hand to Delta (replaceWhere, merge conditions). */
public final class Sql {

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
}
