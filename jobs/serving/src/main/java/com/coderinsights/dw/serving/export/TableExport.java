package com.coderinsights.dw.serving.export;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One serving table filled from one Trino query: what to read, where it goes, and which rows of the table
 * the export owns (its window), so that rows of the window that were not written again can be pruned.
 *
 * @param name        step name prefix and log label
 * @param trinoSql    the query; {@code :from} and {@code :to} are replaced by the window's bounds (quoted
 *                    ISO dates), and it must order its rows by the table's key, so a restarted step can skip
 *                    the rows it already wrote
 * @param table       the serving table ({@code serving.<name>})
 * @param columns     the table's columns in the query's order, each with its PostgreSQL cast ("uuid",
 *                    "timestamptz", "jsonb", "uuid[]", "text[]", or "" for none)
 * @param conflict    the {@code ON CONFLICT} target, e.g. {@code (start_time, template_id, user_id)}
 * @param windowWhere the rows of the table this export owns, as SQL over {@code :from} and {@code :to} and
 *                    the table's columns (no alias), or null for a dimension replaced whole
 */
public record TableExport(String name, String trinoSql, String table, List<Column> columns, String conflict,
                          String windowWhere) {

    /** A column and the cast its text or number value needs in PostgreSQL. */
    public record Column(String name, String cast) {
    }

    public static Column col(String name) {
        return new Column(name, "");
    }

    public static Column col(String name, String cast) {
        return new Column(name, cast);
    }

    /** The upsert of one row: every column, then the export id. */
    String upsertSql() {
        String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        String values = columns.stream().map(c -> c.cast().isEmpty() ? "?" : "CAST(? AS " + c.cast() + ")")
                .collect(Collectors.joining(", "));
        String updates = columns.stream().map(c -> c.name() + " = EXCLUDED." + c.name()).collect(Collectors.joining(", "));
        return "INSERT INTO " + table + " (" + names + ", export_id) VALUES (" + values + ", ?) ON CONFLICT " + conflict
                + " DO UPDATE SET " + updates + ", export_id = EXCLUDED.export_id";
    }

    /** Deletes the rows of the window (or of the whole table) that this export instance did not write. */
    String pruneSql(ExportWindow window) {
        String owned = windowWhere == null ? "TRUE" : window.fill(windowWhere);
        return "DELETE FROM " + table + " WHERE export_id <> ? AND (" + owned + ")";
    }
}
