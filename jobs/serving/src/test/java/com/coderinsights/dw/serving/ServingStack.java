package com.coderinsights.dw.serving;

import com.coderinsights.dw.core.io.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import com.coderinsights.dw.analytics.ApplyAnalytics;
import com.coderinsights.dw.serving.api.ApiApplication;
import com.coderinsights.dw.serving.export.ExportApplication;
import com.coderinsights.dw.serving.export.ExportRunner;
import com.coderinsights.dw.serving.export.ExportWindow;
import com.coderinsights.dw.serving.tokens.TokensCommand;

/**
 * The real servers of the serving tests, started once per test run through the repository's scripts and
 * stopped by a shutdown hook: a PostgreSQL cluster ({@code scripts/postgres}, one database per test class) and
 * a Trino node ({@code scripts/trino}) whose catalog reads the lakes under {@code target/serving-lakes}. Lakes
 * are built by the real pipeline in a child JVM, as {@code scripts/run-pipeline} runs it.
 */
public final class ServingStack {

    public static final Path ROOT = Path.of(System.getProperty("dw.root", "../..")).toAbsolutePath().normalize();
    private static final Path TARGET = ROOT.resolve("jobs/serving/target");
    private static final Path PG_STATE = TARGET.resolve("pg");
    private static final Path TRINO_STATE = TARGET.resolve("trino-node");
    private static final Path LAKES = TARGET.resolve("serving-lakes");
    private static String pgPort;
    private static String trinoUrl;

    private ServingStack() {
    }

    /** A fresh database of the test PostgreSQL cluster; returns its JDBC URL. */
    public static synchronized String database(String name) {
        if (pgPort == null) {
            script("postgres", "down", "--state", PG_STATE.toString());
            FileTrees.delete(PG_STATE);
            script("postgres", "up", "--state", PG_STATE.toString(), "--port", "0");
            pgPort = read(PG_STATE.resolve("port"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> script("postgres", "down", "--state", PG_STATE.toString())));
        }
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "dw", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + name;
    }

    public static synchronized String trino() {
        if (trinoUrl == null) {
            script("trino", "down", "--state", TRINO_STATE.toString());
            FileTrees.delete(LAKES);
            try {
                Files.createDirectories(LAKES);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            script("trino", "up", "--state", TRINO_STATE.toString(), "--lake", LAKES.toString(), "--port", "0", "--no-apply",
                    "--timeout", "240");
            trinoUrl = "jdbc:trino://127.0.0.1:" + read(TRINO_STATE.resolve("port")) + "/delta";
            Runtime.getRuntime().addShutdownHook(new Thread(() -> script("trino", "down", "--state", TRINO_STATE.toString())));
        }
        return trinoUrl;
    }

    /** A fresh lake folder that the Trino node can read. */
    public static Path newLake(String name) {
        trino();
        Path lake = LAKES.resolve(name);
        FileTrees.delete(lake);
        FileTrees.delete(LAKES.resolve(name + "-landing"));
        return lake;
    }

    public static Path landing(Path lake) {
        return lake.resolveSibling(lake.getFileName() + "-landing");
    }

    /** Runs the whole pipeline over every landing file, in a child JVM with the jobs' own classpath. */
    public static void runPipeline(Path landing, Path lake) {
        run(List.of("bash", "-c", "source \"$0/scripts/lib/common.sh\" && DW_JAVA_OPTS=-Xmx2g dw_run_java spark-jobs "
                + "com.coderinsights.dw.spark.jobs.PipelineRunner \"$@\"", ROOT.toString(), "--landing", landing.toString(), "--lake",
                lake.toString(), "--env", "test"), Duration.ofMinutes(10));
    }

    /** Registers the lake's tables and applies the analytics views, as {@code scripts/trino apply} does. */
    public static void apply(Path lake) {
        try {
            var outcome = new ApplyAnalytics(trino(), lake, "local:///" + LAKES.relativize(lake), ROOT.resolve("sql")).apply();
            if (!outcome.skipped().isEmpty()) {
                throw new IllegalStateException("views not applied: " + outcome.skipped());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Spring arguments of the exporter and the API for a serving database. */
    private static List<String> springArgs(String config, String databaseUrl) {
        return List.of("--spring.config.name=" + config,
                "--spring.config.location=optional:classpath:/,file:" + ROOT.resolve("conf/serving") + "/",
                "--spring.datasource.url=" + databaseUrl, "--dw.trino.url=" + trino(), "--spring.main.banner-mode=off");
    }

    /** Runs the exporter over the window in this JVM; returns each job's outcome. */
    public static List<ExportRunner.Outcome> export(String databaseUrl, String from, String to, String... extra) {
        SpringApplication app = new SpringApplication(ExportApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        List<String> args = new ArrayList<>(springArgs("exporter", databaseUrl));
        args.addAll(List.of(extra));
        try (ConfigurableApplicationContext context = app.run(args.toArray(String[]::new))) {
            return context.getBean(ExportRunner.class).export(ExportWindow.parse(from, to), List.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The exporter in a child JVM (this JVM's classpath), for the test that kills it. */
    public static Process exportProcess(String databaseUrl, String from, String to, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), ExportApplication.class.getName(), "--from", from, "--to", to));
        cmd.addAll(springArgs("exporter", databaseUrl));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(TARGET.resolve("export-child.log").toFile()).start();
    }

    /** A running report API over the database, "now" pinned; close it when done. */
    public static Api api(String databaseUrl, String now, String... extra) {
        List<String> args = new ArrayList<>(springArgs("api", databaseUrl));
        args.addAll(List.of("--server.port=0", "--dw.api.now=" + now));
        args.addAll(List.of(extra));
        ConfigurableApplicationContext context = SpringApplication.run(ApiApplication.class, args.toArray(String[]::new));
        String port = context.getEnvironment().getProperty("local.server.port");
        return new Api("http://127.0.0.1:" + port, context);
    }

    /** The API's base URL and its application, closed with it. */
    public record Api(String base, ConfigurableApplicationContext context) implements AutoCloseable {
        private static final HttpClient HTTP = HttpClient.newHttpClient();

        public HttpResponse<String> get(String path, Map<String, String> headers) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET();
            headers.forEach(b::header);
            try {
                return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        public HttpResponse<String> get(String path, String token) {
            return get(path, token == null ? Map.of() : Map.of("Coder-Session-Token", token));
        }

        @Override
        public void close() {
            context.close();
        }
    }

    /** Mints a token for a user of the serving store, as {@code scripts/tokens create} does. */
    public static String token(String databaseUrl, String username) {
        try (Connection c = DriverManager.getConnection(databaseUrl, "dw", "")) {
            return TokensCommand.create(c, username, "test", Duration.ofDays(1));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every serving table's rows (without export_id) as sorted strings, for comparing two exports. */
    public static Map<String, List<String>> servingTables(String databaseUrl) {
        Map<String, List<String>> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(databaseUrl, "dw", "")) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, "serving", "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            for (String t : tables) {
                if (t.equals("flyway_schema_history") || t.equals("api_tokens") || t.equals("data_version")) {
                    continue;
                }
                List<String> rows = new ArrayList<>();
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT to_jsonb(t) - 'export_id' FROM serving." + t + " t")) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
                rows.sort(null);
                out.put(t, rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Runs each statement in its own transaction, as the exporter's owner role. */
    public static void execute(String databaseUrl, String... statements) {
        try (Connection c = DriverManager.getConnection(databaseUrl, "dw", ""); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String databaseUrl, String sql) {
        try (Connection c = DriverManager.getConnection(databaseUrl, "dw", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void script(String name, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("scripts/" + name).toString());
        cmd.addAll(List.of(args));
        run(cmd, Duration.ofMinutes(5));
    }

    private static void run(List<String> cmd, Duration timeout) {
        try {
            Path log = Files.createTempFile("serving-stack", ".log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeout.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(cmd + " timed out; log " + log);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(cmd + " failed (" + p.exitValue() + "):\n" + Files.readString(log));
            }
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
