package com.coderinsights.dw.analytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the queries of {@code sql/examples/} with the values of their {@code params} block replaced. */
public final class Examples {

    private Examples() {
    }

    public static String ts(String rfc3339Local) {
        return "TIMESTAMP '" + rfc3339Local + "'";
    }

    public static String templates(String... ids) {
        if (ids.length == 0) {
            return "CAST(ARRAY[] AS array(varchar))";
        }
        return "ARRAY[" + String.join(", ", java.util.Arrays.stream(ids).map(id -> "'" + id + "'").toList()) + "]";
    }

    /** The example's text with each {@code <expression> AS <name>} line of its params block given a new expression. */
    public static String sql(String file, Map<String, String> params) {
        String sql;
        try {
            sql = Files.readString(TrinoNode.ROOT.resolve("sql/examples").resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Map.Entry<String, String> p : params.entrySet()) {
            Matcher m = Pattern.compile("(?m)^(\\s*)\\S.* AS " + Pattern.quote(p.getKey()) + "(,?)$").matcher(sql);
            if (!m.find()) {
                throw new IllegalArgumentException(file + " has no parameter " + p.getKey());
            }
            sql = sql.substring(0, m.start()) + m.group(1) + p.getValue() + " AS " + p.getKey() + m.group(2) + sql.substring(m.end());
        }
        return sql;
    }

    static List<String> run(String file, Map<String, String> params) {
        return TrinoNode.analyst(sql(file, params));
    }

    /** A report over [start, end) for some templates (none: all). */
    static List<String> report(String file, String start, String end, String... templateIds) {
        return run(file, Map.of("start_time", ts(start), "end_time", ts(end), "template_ids", templates(templateIds)));
    }
}
