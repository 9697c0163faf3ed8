package com.coderinsights.dw.serving.export;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The UTC days an export covers: {@code [from, to)}. Every windowed serving table owns the rows whose day
 * (or half hour, hour, build time) falls in it; dimensions are replaced whole by every export.
 */
public record ExportWindow(LocalDate from, LocalDate to) {

    public ExportWindow {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("--to (" + to + ") must be after --from (" + from + "): the window is [from, to)");
        }
    }

    public static ExportWindow parse(String from, String to) {
        try {
            return new ExportWindow(LocalDate.parse(from), LocalDate.parse(to));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("dates are YYYY-MM-DD: " + e.getParsedString());
        }
    }

    /**
     * Replaces {@code :fromTs} and {@code :toTs} by the bounds as quoted UTC timestamps (read the same by Trino's
     * and PostgreSQL's {@code CAST(... AS timestamp with time zone)}, whatever the session's zone), and
     * {@code :from} and {@code :to} by the quoted dates. The dates are parsed, so this is safe.
     */
    public String fill(String sql) {
        return sql.replace(":fromTs", "'" + from + " 00:00:00+00:00'").replace(":toTs", "'" + to + " 00:00:00+00:00'")
                .replace(":from", "'" + from + "'").replace(":to", "'" + to + "'");
    }

    /** The statements of a script of derivations (separated by a semicolon at a line's end), filled for this window. */
    public List<String> statements(String sql) {
        return List.of(fill(sql).split(";\\s*\\n"));
    }
}
