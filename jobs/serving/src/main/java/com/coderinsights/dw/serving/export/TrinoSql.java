package com.coderinsights.dw.serving.export;

/** Trino expressions that render lake values as the text PostgreSQL casts back (timestamps, arrays). */
final class TrinoSql {

    private TrinoSql() {
    }

    /** An instant as ISO-8601 with its offset, e.g. 2026-11-02T00:30:00.000Z. */
    static String instant(String column) {
        return "to_iso8601(" + column + ")";
    }

    /**
     * An array of strings as a PostgreSQL array literal ({"a","b"}), each element quoted and escaped; NULL and
     * missing arrays become {}.
     */
    static String textArray(String column) {
        return "'{' || coalesce(array_join(transform(" + column
                + ", x -> '\"' || replace(replace(x, '\\', '\\\\'), '\"', '\\\"') || '\"'), ','), '') || '}'";
    }
}
