package com.coderinsights.dw.analytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Makes Trino's {@code delta} catalog match the lake and the repository, and can run any time:
 * <ol>
 *   <li>every Delta table of the lake's {@code bronze}, {@code silver} and {@code gold} layers is registered
 *   under the schema of its layer ({@code system.register_table}); a table already registered at the same
 *   location is left alone, one registered elsewhere is registered again, one whose folder is gone is
 *   unregistered. Bookkeeping tables (names starting with {@code _}) are not registered.</li>
 *   <li>every view in {@code sql/analytics/<view>/view.sql} is applied ({@code CREATE OR REPLACE VIEW} and its
 *   {@code COMMENT ON COLUMN} statements). A view that reads another view is retried until the one it reads
 *   exists, so the folders need no order.</li>
 * </ol>
 * It connects as the administrator ({@code dw}); analysts never run it.
 */
public final class ApplyAnalytics {

    public static final List<String> LAYERS = List.of("bronze", "silver", "gold");
    public static final String VIEWS_SCHEMA = "analytics";
    public static final String ADMIN = "dw";

    private final String url;
    private final Path lake;
    private final String locationPrefix;
    private final Path sqlDir;

    /**
     * @param url            JDBC URL of Trino, with the {@code delta} catalog
     * @param lake           the lake root on this machine, listed for tables
     * @param locationPrefix the URI Trino knows that root by ({@code local:///} + its path below the catalog's
     *                       {@code local.location}; {@code s3://bucket/lake} in production)
     * @param sqlDir         the repository's {@code sql/} folder
     */
    public ApplyAnalytics(String url, Path lake, String locationPrefix, Path sqlDir) {
        this.url = url;
        this.lake = lake;
        this.locationPrefix = locationPrefix.endsWith("/") ? locationPrefix.substring(0, locationPrefix.length() - 1) : locationPrefix;
        this.sqlDir = sqlDir;
    }

    /**
     * What one application did: tables registered, re-registered, unregistered, left alone; views applied; views
     * skipped because a table they read is not in the lake yet (a lake before its first full pipeline run), with why.
     */
    public record Outcome(List<String> registered, List<String> moved, List<String> unregistered, int unchanged,
                          List<String> views, Map<String, String> skipped) {
    }

    public Outcome apply() throws SQLException {
        try (Connection c = connect(url, ADMIN)) {
            List<String> registered = new ArrayList<>();
            List<String> moved = new ArrayList<>();
            List<String> unregistered = new ArrayList<>();
            int unchanged = 0;
            for (String layer : LAYERS) {
                execute(c, "CREATE SCHEMA IF NOT EXISTS " + layer);
                Map<String, String> present = registeredTables(c, layer);
                Map<String, String> wanted = lakeTables(layer);
                for (Map.Entry<String, String> t : wanted.entrySet()) {
                    String name = layer + "." + t.getKey();
                    String known = present.get(t.getKey());
                    if (t.getValue().equals(known)) {
                        unchanged++;
                        continue;
                    }
                    if (known != null) {
                        unregister(c, layer, t.getKey());
                        moved.add(name);
                    } else {
                        registered.add(name);
                    }
                    execute(c, "CALL system.register_table(schema_name => '" + layer + "', table_name => '" + t.getKey()
                            + "', table_location => '" + t.getValue().replace("'", "''") + "')");
                }
                for (String gone : present.keySet()) {
                    if (!wanted.containsKey(gone)) {
                        unregister(c, layer, gone);
                        unregistered.add(layer + "." + gone);
                    }
                }
            }
            execute(c, "CREATE SCHEMA IF NOT EXISTS " + VIEWS_SCHEMA);
            Map<String, String> skipped = new TreeMap<>();
            List<String> views = applyViews(c, skipped);
            return new Outcome(registered, moved, unregistered, unchanged, views, skipped);
        }
    }

    private List<String> applyViews(Connection c, Map<String, String> skipped) throws SQLException {
        Map<String, List<String>> pending = new TreeMap<>();
        for (Path f : viewFiles(sqlDir)) {
            pending.put(f.getParent().getFileName().toString(), statements(read(f)));
        }
        List<String> applied = new ArrayList<>();
        while (!pending.isEmpty()) {
            Map<String, SQLException> failed = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> v : pending.entrySet()) {
                try {
                    for (String s : v.getValue()) {
                        execute(c, s);
                    }
                    applied.add(VIEWS_SCHEMA + "." + v.getKey());
                } catch (SQLException e) {
                    failed.put(v.getKey(), e);
                }
            }
            if (failed.size() == pending.size()) {
                for (Map.Entry<String, SQLException> f : failed.entrySet()) {
                    String why = f.getValue().getMessage();
                    if (!MISSING_TABLE.matcher(why).find()) {
                        throw new SQLException("view " + f.getKey() + " cannot be applied: " + why, f.getValue());
                    }
                    // a table it reads is missing (or a view that is missing for that reason)
                    skipped.put(VIEWS_SCHEMA + "." + f.getKey(), why.replaceFirst("^Query failed \\([^)]*\\): ", ""));
                }
                break;
            }
            pending.keySet().retainAll(failed.keySet());
        }
        return applied;
    }

    /** The view files of a {@code sql/} folder: {@code analytics/<view>/view.sql}, sorted. */
    public static List<Path> viewFiles(Path sqlDir) {
        Path dir = sqlDir.resolve(VIEWS_SCHEMA);
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(d -> d.resolve("view.sql")).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The statements of a SQL file: whole-line {@code --} comments dropped, split at a {@code ;} that ends a line. */
    public static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n", -1)) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            String trimmed = line.stripTrailing();
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                if (!current.toString().isBlank()) {
                    out.add(current.toString().strip());
                }
                current.setLength(0);
            } else {
                current.append(line).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private Map<String, String> lakeTables(String layer) {
        Map<String, String> out = new TreeMap<>();
        Path dir = lake.resolve(layer);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(t -> Files.isDirectory(t.resolve("_delta_log")) && !t.getFileName().toString().startsWith("_"))
                    .forEach(t -> out.put(t.getFileName().toString(), locationPrefix + "/" + layer + "/" + t.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static final Pattern LOCATION = Pattern.compile("location = '([^']*)'");
    private static final Pattern MISSING_TABLE = Pattern.compile("Table '[^']+' does not exist");

    private static Map<String, String> registeredTables(Connection c, String layer) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + layer
                     + "' AND table_type = 'BASE TABLE'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        Map<String, String> out = new TreeMap<>();
        for (String name : names) {
            // "" when registered but its files are gone or unreadable: registered nowhere
            String location = "";
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW CREATE TABLE " + layer + "." + quote(name))) {
                Matcher m = rs.next() ? LOCATION.matcher(rs.getString(1)) : null;
                if (m != null && m.find()) {
                    location = m.group(1);
                }
            } catch (SQLException e) {
                // left as ""
            }
            out.put(name, location);
        }
        return out;
    }

    private static void unregister(Connection c, String layer, String table) throws SQLException {
        execute(c, "CALL system.unregister_table(schema_name => '" + layer + "', table_name => '" + table + "')");
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    public static Connection connect(String url, String user) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        return DriverManager.getConnection(url, p);
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        for (String required : List.of("--url", "--lake", "--location", "--sql")) {
            if (!opts.containsKey(required)) {
                System.err.println("usage: ApplyAnalytics --url JDBC_URL --lake DIR --location URI_OF_DIR --sql SQL_DIR");
                System.exit(2);
            }
        }
        Outcome o = new ApplyAnalytics(opts.get("--url"), Path.of(opts.get("--lake")), opts.get("--location"),
                Path.of(opts.get("--sql"))).apply();
        System.err.printf("tables: %d registered, %d registered again (moved), %d unregistered, %d unchanged; views applied: %s%n",
                o.registered().size(), o.moved().size(), o.unregistered().size(), o.unchanged(), String.join(", ", o.views()));
        o.skipped().forEach((view, why) -> System.err.printf("WARNING: view %s not applied until the lake has its tables: %s%n", view, why));
    }
}
