package com.coderinsights.dw.spark.jobs.testing;

import com.coderinsights.dw.spark.common.JobContext;
import com.coderinsights.dw.spark.common.JobResult;
import com.coderinsights.dw.spark.common.RunWindow;
import com.coderinsights.dw.spark.jobs.PipelineRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Runs the whole pipeline in tests, and reads tables back as comparable values. */
public final class Pipeline extends SparkTestBase {

    private Pipeline() {
    }

    public static List<JobResult> run(Path landing, Path lake, String runId, Instant at) {
        return run(landing, lake, RunWindow.all(), runId, at);
    }

    public static List<JobResult> run(Path landing, Path lake, RunWindow window, String runId, Instant at) {
        JobContext ctx = context(landing, lake, runId, at);
        return PipelineRunner.run(spark(), window, ctx);
    }

    /** The gold table's rows as strings, sorted: start, template, user, latency, usage, ssh, sftp, pty, vscode, jetbrains, apps. */
    public static List<String> gold(Path lake) {
        SparkSession s = spark();
        List<String> out = new ArrayList<>();
        for (Row r : s.read().format("delta").load(lake.resolve("gold/template_usage_stats").toString())
                .selectExpr("date_format(start_time, 'HH:mm')", "template_id", "user_id", "median_latency_ms", "usage_mins",
                        "ssh_mins", "sftp_mins", "reconnecting_pty_mins", "vscode_mins", "jetbrains_mins",
                        "to_json(app_usage_mins)", "date_format(end_time, 'HH:mm')")
                .collectAsList()) {
            out.add(String.format("%s-%s %s %s lat=%s usage=%d ssh=%d sftp=%d pty=%d vscode=%d jetbrains=%d apps=%s",
                    r.getString(0), r.getString(11), tag(r.getString(1)), tag(r.getString(2)), r.isNullAt(3) ? "null" : r.get(3).toString(),
                    r.getShort(4), r.getShort(5), r.getShort(6), r.getShort(7), r.getShort(8), r.getShort(9), r.getString(10)));
        }
        out.sort(null);
        return out;
    }

    private static String tag(String uuid) {
        return Landings.name(uuid);
    }

    /** Every Delta table under the lake (bronze, silver, gold) as sorted row strings, for idempotency checks. */
    public static Map<String, List<String>> snapshot(Path lake, boolean includeLineage) {
        Map<String, List<String>> out = new TreeMap<>();
        tables(lake).forEach((name, t) -> {
            var df = spark().read().format("delta").load(t.toString());
            if (!includeLineage) {
                for (String c : df.columns()) {
                    if (c.equals("_ingested_at") || c.equals("_run_id") || c.equals("run_id")) {
                        df = df.drop(c);
                    }
                }
            }
            List<String> rows = new ArrayList<>();
            df.collectAsList().forEach(r -> rows.add(r.toString()));
            rows.sort(null);
            out.put(name, rows);
        });
        return out;
    }

    /**
     * Every Delta table under the lake with its commit files' names and bytes: equal before and after a
     * run means the run committed nothing, so every table is byte for byte what it was.
     */
    public static Map<String, String> commitLogs(Path lake) {
        Map<String, String> out = new TreeMap<>();
        tables(lake).forEach((name, t) -> {
            StringBuilder log = new StringBuilder();
            try (Stream<Path> commits = Files.list(t.resolve("_delta_log"))) {
                for (Path c : commits.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                    log.append(c.getFileName()).append(':').append(java.util.Arrays.hashCode(Files.readAllBytes(c))).append(' ');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.put(name, log.toString());
        });
        return out;
    }

    /** The tables under the lake by name ({@code layer.table}), sorted. */
    private static Map<String, Path> tables(Path lake) {
        Map<String, Path> out = new TreeMap<>();
        for (String layer : com.coderinsights.dw.spark.common.Lake.LAYERS) {
            Path dir = lake.resolve(layer);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> tables = Files.list(dir)) {
                tables.forEach(t -> out.put(layer + "." + t.getFileName(), t));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
