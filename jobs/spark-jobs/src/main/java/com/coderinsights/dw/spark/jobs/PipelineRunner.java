package com.coderinsights.dw.spark.jobs;

import com.coderinsights.dw.spark.common.DwConfig;
import com.coderinsights.dw.spark.common.HandOff;
import com.coderinsights.dw.spark.common.JobContext;
import com.coderinsights.dw.spark.common.JobResult;
import com.coderinsights.dw.spark.common.Lake;
import com.coderinsights.dw.spark.common.RunWindow;
import com.coderinsights.dw.spark.common.SessionSettings;
import com.coderinsights.dw.spark.common.SparkJob;
import com.coderinsights.dw.spark.common.SparkSessions;
import com.coderinsights.dw.spark.jobs.bronze.IngestRawLogsJob;
import com.coderinsights.dw.spark.jobs.gold.BuildReportTablesJob;
import com.coderinsights.dw.spark.jobs.gold.BuildTemplateUsageStatsJob;
import com.coderinsights.dw.spark.jobs.maintenance.MaintainLakeJob;
import com.coderinsights.dw.spark.jobs.silver.BuildSilverJob;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code scripts/run-pipeline}: every layer built so far, over a window of arrival hours, in one JVM
 * and one SparkSession (a cold JVM costs more than an hour of data on two cores).
 */
public final class PipelineRunner {

    static final String USAGE = """
            usage: scripts/run-pipeline --landing DIR --lake DIR [--from YYYY-MM-DDTHH] [--to YYYY-MM-DDTHH] [--env ENV]
                                        [--table-totals] [--maintain]

            Runs every pipeline layer over the landing files that arrived in the window (UTC arrival
            hours, both ends inclusive; default: everything in the landing zone). Re-running a window
            changes nothing: landing files are ingested exactly once.

              --landing DIR   landing zone (<stream>/dt=YYYY-MM-DD/hour=HH/*.ndjson[.gz]|*.parquet)
              --lake DIR      root of the Delta tables (bronze/, silver/, gold/)
              --from HOUR     first arrival hour, e.g. 2026-11-02T00
              --to HOUR       last arrival hour, e.g. 2026-11-02T23
              --env ENV       configuration conf/ENV.conf (default local)
              --run-id ID     id recorded in every written row (default: derived from the start time)
              --table-totals  also print every table's rows in total after the run (a count of each table:
                              about 10 s of a cold process on a day's lake, so not by default)
              --maintain      then compact small files (tables by day: in the days before the recent ones) and
                              remove the files no version younger than the retention references
                              (dw.maintenance; e.g. once a night)
              -h, --help      this text
            """;

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);

    /** The layers, in order. */
    public static List<SparkJob> jobs() {
        return jobs(false);
    }

    /**
     * The layers, in order, and the step that ends them ({@link FinishRunJob}: what they handed on and did not take, and
     * silver's log of the files it processed), then (with {@code maintain}) the lake's upkeep: after them, so it never
     * races their writes.
     */
    public static List<SparkJob> jobs(boolean maintain) {
        List<SparkJob> layers = List.of(new IngestRawLogsJob(), new BuildSilverJob(), new BuildTemplateUsageStatsJob(), new BuildReportTablesJob(),
                new FinishRunJob());
        if (!maintain) {
            return layers;
        }
        List<SparkJob> all = new ArrayList<>(layers);
        all.add(new MaintainLakeJob());
        return List.copyOf(all);
    }

    private PipelineRunner() {
    }

    public static void main(String[] args) {
        Map<String, String> o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (o.containsKey("help")) {
            System.out.print(USAGE);
            return;
        }
        try {
            DwConfig config = DwConfig.load(o.getOrDefault("env", "local"));
            RunWindow window = RunWindow.parse(o.get("from"), o.get("to"));
            if (o.containsKey("lake")) {
                config = config.with("dw.lake.root", o.get("lake"));
            }
            if (o.containsKey("landing")) {
                config = config.with("dw.landing.root", o.get("landing"));
            }
            Instant started = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
            String runId = o.getOrDefault("run-id",
                    "run-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(started));
            JobContext ctx = new JobContext(config, new Lake(config.string("dw.lake.root")),
                    config.string("dw.landing.root"), runId, started);
            SparkSession spark = SparkSessions.create(config, "pipeline");
            try {
                List<JobResult> results = run(spark, window, ctx, jobs(o.containsKey("maintain")));
                printSummary(spark, ctx, window, results, o.containsKey("table-totals"));
            } finally {
                spark.stop();
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            LOG.error("pipeline failed", e);
            System.err.println("error: pipeline failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Runs every layer in order; the first failure stops the run. */
    public static List<JobResult> run(SparkSession spark, RunWindow window, JobContext ctx) {
        return run(spark, window, ctx, jobs());
    }

    /** Runs the given jobs in order; the first failure stops the run. */
    public static List<JobResult> run(SparkSession spark, RunWindow window, JobContext ctx, List<SparkJob> jobs) {
        return run(spark, window, ctx, jobs, job -> { });
    }

    /**
     * Runs the given jobs in order, telling {@code beforeEach} which one starts; the first failure stops the run. The jobs
     * share a {@link HandOff} (the context's, or a new one), in which nothing may be left at the end: the list must end its
     * layers with {@link FinishRunJob}, else what they handed on would be lost, and the run fails saying so.
     */
    public static List<JobResult> run(SparkSession spark, RunWindow window, JobContext ctx, List<SparkJob> jobs,
                                      java.util.function.Consumer<SparkJob> beforeEach) {
        JobContext runCtx = ctx.handOff() == null ? ctx.withHandOff(new HandOff()) : ctx;
        List<JobResult> results = new ArrayList<>();
        for (SparkJob job : jobs) {
            beforeEach.accept(job);
            LOG.info("{}: start, window {}, run {}", job.name(), window, runCtx.runId());
            JobResult r = runOne(spark, job, window, runCtx);
            LOG.info("{}: done in {} ms: {}", job.name(), r.millis(), r.counts());
            results.add(r);
        }
        if (!runCtx.handOff().isEmpty()) {
            throw new IllegalStateException("the run's jobs (" + jobs.stream().map(SparkJob::name).toList() + ") left what they handed on"
                    + " unwritten: " + runCtx.handOff() + "; end the layers with " + FinishRunJob.NAME
                    + " (no file is logged as processed: the next run does them again)");
        }
        return results;
    }

    /**
     * Runs one job with its name as the Spark job description of the calling thread, so that its jobs
     * without a description of their own are not labelled with the previous job's, and with the session's SQL
     * settings of {@code dw.spark.job-conf.<job name>} (if any) while it runs; the settings before it come back after.
     * The result carries how long the job took.
     */
    public static JobResult runOne(SparkSession spark, SparkJob job, RunWindow window, JobContext ctx) {
        return SessionSettings.with(spark, jobConf(ctx.config(), job.name()), () -> {
            spark.sparkContext().setJobDescription(job.name());
            long t0 = System.nanoTime();
            try {
                return job.run(spark, window, ctx).withMillis((System.nanoTime() - t0) / 1_000_000);
            } finally {
                spark.sparkContext().setJobDescription(null);
            }
        });
    }

    /** The session's SQL settings while the named job runs: {@code dw.spark.job-conf.<name>}, none when not set. */
    public static Map<String, String> jobConf(DwConfig config, String jobName) {
        String path = "dw.spark.job-conf." + jobName;
        return config.raw().hasPath(path) ? config.stringMap(path) : Map.of();
    }

    /** A job's line in the run summary, above its counts: its name and seconds (the pipeline benchmark reads these). */
    public static String summaryHeader(JobResult r) {
        return String.format(java.util.Locale.ROOT, "  %s (%.1f s):", r.job(), r.millis() / 1000.0);
    }

    /** The seconds of each job, by name, from the summary lines of a run's output (other lines are skipped). */
    public static Map<String, Double> secondsFromSummary(List<String> output) {
        Map<String, Double> out = new LinkedHashMap<>();
        java.util.regex.Pattern header = java.util.regex.Pattern.compile("^  ([a-z_0-9]+) \\(([0-9]+\\.[0-9]) s\\):$");
        for (String line : output) {
            java.util.regex.Matcher m = header.matcher(line);
            if (m.matches()) {
                out.put(m.group(1), Double.parseDouble(m.group(2)));
            }
        }
        return out;
    }

    private static void printSummary(SparkSession spark, JobContext ctx, RunWindow window, List<JobResult> results, boolean totals) {
        StringBuilder b = new StringBuilder();
        b.append("pipeline run ").append(ctx.runId()).append(", arrival hours ").append(window).append('\n');
        b.append("  landing: ").append(ctx.landingRoot()).append('\n');
        b.append("  lake:    ").append(ctx.lake().root()).append('\n');
        for (JobResult r : results) {
            b.append(summaryHeader(r)).append('\n');
            r.counts().forEach((k, v) -> b.append(String.format("    %-45s %,d%n", k, v)));
        }
        if (!totals) {
            System.out.print(b);
            return;
        }
        b.append("  tables now (rows in total):\n");
        List<String[]> tables = new ArrayList<>();
        for (String layer : Lake.LAYERS) {
            for (String table : ctx.lake().tables(spark, layer)) {
                tables.add(new String[] {layer + "." + table, ctx.lake().path(layer, table)});
            }
        }
        // each count is a few small jobs (Delta answers it from its log), mostly waiting: four at a time
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Long>> counts = new ArrayList<>();
            for (String[] t : tables) {
                counts.add(pool.submit(() -> spark.read().format("delta").load(t[1]).count()));
            }
            for (int i = 0; i < tables.size(); i++) {
                b.append(String.format("    %-45s %,15d  %s%n", tables.get(i)[0], counts.get(i).get(), tables.get(i)[1]));
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("counting the tables failed: " + e.getMessage(), e);
        } finally {
            pool.shutdown();
        }
        System.out.print(b);
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        List<String> known = List.of("landing", "lake", "from", "to", "env", "run-id");
        List<String> flags = List.of("table-totals", "maintain");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                o.put("help", "");
                return o;
            }
            if (a.startsWith("--") && flags.contains(a.substring(2))) {
                o.put(a.substring(2), "");
                continue;
            }
            if (!a.startsWith("--") || !known.contains(a.substring(2))) {
                throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            o.put(a.substring(2), args[++i]);
        }
        return o;
    }
}
