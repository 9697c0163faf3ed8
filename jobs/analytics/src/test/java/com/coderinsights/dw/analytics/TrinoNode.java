package com.coderinsights.dw.analytics;

import com.coderinsights.dw.core.io.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The one real Trino node of a test run: started through {@code scripts/trino up} on a free port the first
 * time a test asks for it, stopped by a shutdown hook. Its catalog reads everything under {@link #lakeRoot()};
 * each test class builds its lake in a folder of its own below it and points the tables there.
 */
final class TrinoNode {

    static final Path ROOT = Path.of(System.getProperty("dw.root", "../..")).toAbsolutePath().normalize();
    private static final Path TARGET = ROOT.resolve("jobs/analytics/target");
    private static final Path STATE = TARGET.resolve("trino-node");
    private static final Path LAKE_ROOT = TARGET.resolve("trino-lakes");
    private static String url;

    private TrinoNode() {
    }

    static synchronized String url() {
        if (url == null) {
            try {
                script("down");
                FileTrees.delete(LAKE_ROOT);
                Files.createDirectories(LAKE_ROOT);
                script("up", "--lake", LAKE_ROOT.toString(), "--port", "0", "--no-apply", "--timeout", "240");
                url = "jdbc:trino://127.0.0.1:" + Files.readString(STATE.resolve("port")).strip() + "/delta";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> script("down")));
        }
        return url;
    }

    /** The folder the catalog's {@code local.location} points at. */
    static Path lakeRoot() {
        url();
        return LAKE_ROOT;
    }

    /** A fresh lake folder for one test class, and the URI Trino knows it by. */
    static Path newLake(String name) {
        Path lake = lakeRoot().resolve(name);
        FileTrees.delete(lake);
        return lake;
    }

    static String location(Path lake) {
        return "local:///" + LAKE_ROOT.relativize(lake);
    }

    /** Registers the lake's tables and applies the views of the repository's {@code sql/}, as {@code scripts/trino apply} does. */
    static ApplyAnalytics.Outcome apply(Path lake) {
        try {
            ApplyAnalytics.Outcome o = new ApplyAnalytics(url(), lake, location(lake), ROOT.resolve("sql")).apply();
            if (!o.skipped().isEmpty()) {
                throw new IllegalStateException("views not applied: " + o.skipped());
            }
            return o;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rows of a query run as {@code user}, each row's values joined by " | " (NULL as "null"). */
    static List<String> query(String user, String sql) {
        try (Connection c = ApplyAnalytics.connect(url(), user); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = md.getColumnType(i) == java.sql.Types.TIMESTAMP_WITH_TIMEZONE ? rs.getString(i) : rs.getObject(i);
                    if (v instanceof java.sql.Array a) {
                        v = java.util.Arrays.toString((Object[]) a.getArray());
                    }
                    row.append(i > 1 ? " | " : "").append(v);
                }
                out.add(row.toString());
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    static List<String> analyst(String sql) {
        return query("analyst", sql);
    }

    /** The error of a statement that must fail, as {@code user}. */
    static String failure(String user, String sql) {
        try (Connection c = ApplyAnalytics.connect(url(), user); Statement s = c.createStatement()) {
            s.execute(sql);
            if (s.getResultSet() != null) {
                s.getResultSet().next();
            }
            return null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private static void script(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("scripts/trino").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--state", STATE.toString()));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("scripts/trino " + String.join(" ", args) + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
