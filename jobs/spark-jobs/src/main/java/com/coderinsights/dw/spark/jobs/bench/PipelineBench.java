package com.coderinsights.dw.spark.jobs.bench;

import com.coderinsights.dw.core.io.FileTrees;
import com.coderinsights.dw.simulator.SimulateMain;
import com.coderinsights.dw.spark.common.DwConfig;
import com.coderinsights.dw.spark.common.JobContext;
import com.coderinsights.dw.spark.common.JobResult;
import com.coderinsights.dw.spark.common.Lake;
import com.coderinsights.dw.spark.common.RunWindow;
import com.coderinsights.dw.spark.common.SparkSessions;
import com.coderinsights.dw.spark.jobs.PipelineRunner;
import com.coderinsights.dw.spark.jobs.bronze.IngestRawLogsJob;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * {@code scripts/bench pipeline}: the pipeline's speed on a simulated 10,000-workspace deployment
 * (about 1.2 million agent-stat rows an hour), per stage: bronze ingest (MB/s of input parsed) and
 * silver + gold, for one hour in a warm JVM, one hour in a cold process, and one full day in one JVM.
 */
public final class PipelineBench {

    private PipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        String dir = null;
        int workspaces = 10_000;
        boolean skipDay = false;
        int warmUpHours = 10;
        String jobLog = null;
        int coldRuns = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = args[++i];
                case "--workspaces" -> workspaces = Integer.parseInt(args[++i]);
                case "--skip-day" -> skipDay = true;
                case "--warm-up-hours" -> warmUpHours = Integer.parseInt(args[++i]);
                case "--job-log" -> jobLog = args[++i];
                case "--cold-runs" -> coldRuns = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: PipelineBench --dir DIR [--workspaces N] [--warm-up-hours N] [--cold-runs N] [--skip-day]"
                            + " [--job-log FILE]");
                    System.exit(2);
                }
            }
        }
        Path root = Path.of(dir);
        Path landing = root.resolve("landing");
        if (!Files.exists(landing.resolve("summary.json"))) {
            FileTrees.delete(landing);
            System.out.printf("simulating %,d workspaces for one day into %s ...%n", workspaces, landing);
            SimulateMain.main(new String[] {"--seed", "7", "--workspaces", Integer.toString(workspaces), "--days", "1",
                "--out", landing.toString(), "--faults", "on"});
        }
        DwConfig config = DwConfig.load("local");
        SparkSession spark = SparkSessions.create(config, "bench");
        JobTimes jobTimes = new JobTimes(jobLog == null ? null : new java.io.PrintStream(new java.io.FileOutputStream(jobLog), true,
                java.nio.charset.StandardCharsets.UTF_8));
        spark.sparkContext().addSparkListener(jobTimes);
        List<String> report = new ArrayList<>();
        try {
            // 1. warm JVM: the hours before the measured one, one run each as the hourly schedule runs them (they warm
            // the JIT and leave the lake as production has it at that hour), then the next hour is measured
            Path lake = root.resolve("lake-hourly");
            FileTrees.delete(lake);
            List<String> warmUp = new ArrayList<>();
            for (int h = 0; h < warmUpHours; h++) {
                String hour = String.format("2026-11-02T%02d", h);
                warmUp.add(runWindow(spark, config, landing, lake, hour, hour, "warm-up hour " + h, null, jobTimes));
            }
            String measured = String.format("2026-11-02T%02d", warmUpHours);
            jobTimes.reset();
            runWindow(spark, config, landing, lake, measured, measured,
                    "warm JVM (after " + warmUpHours + " hourly runs), hour " + warmUpHours, report, jobTimes);
            report.add("  the warm-up hours before it, silver + gold: " + String.join(", ", warmUp));
            jobTimes.finish();
            spark.sparkContext().listenerBus().waitUntilEmpty();
            report.add("  " + jobTimes.floorLine(IngestRawLogsJob.NAME, Runtime.getRuntime().availableProcessors()));
            report.add("  " + jobTimes.driverLine());
            jobTimes.top(25).forEach(l -> report.add("  " + l));
            report.forEach(System.out::println); // now, too: the cold and the whole-day runs take long
        } finally {
            spark.stop();
        }
        // 2. a cold process for the next hour, on the lake the warm run left (more than one run: each on a fresh copy of it)
        String coldHour = String.format("2026-11-02T%02d", warmUpHours + 1);
        List<Double> coldSilverGold = new ArrayList<>();
        for (int run = 1; run <= coldRuns; run++) {
            Path lake = root.resolve("lake-hourly");
            Path log = root.resolve("cold-hour.log");
            if (coldRuns > 1) {
                lake = root.resolve("lake-cold");
                FileTrees.delete(lake);
                FileTrees.copy(root.resolve("lake-hourly"), lake);
                log = root.resolve("cold-hour-" + run + ".log");
            }
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(javaCommand("com.coderinsights.dw.spark.jobs.PipelineRunner", "--landing", landing.toString(),
                    "--lake", lake.toString(), "--from", coldHour, "--to", coldHour))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            int rc = p.waitFor();
            double cold = (System.nanoTime() - t0) / 1e9;
            // the process's own summary gives each stage's seconds: silver + gold is what the cold-hour target counts
            java.util.Map<String, Double> stages = PipelineRunner.secondsFromSummary(Files.readAllLines(log));
            double coldBronze = stages.getOrDefault(IngestRawLogsJob.NAME, Double.NaN);
            double coldRest = stages.entrySet().stream().filter(e -> !e.getKey().equals(IngestRawLogsJob.NAME))
                    .mapToDouble(java.util.Map.Entry::getValue).sum();
            if (rc == 0) {
                coldSilverGold.add(coldRest);
            }
            report.add(String.format("cold process%s, hour %d: %.1f s in all (JVM start included); bronze %.1f s; silver + gold %.1f s"
                            + " (of which the report tables %.1f s)%s", coldRuns > 1 ? " " + run + " of " + coldRuns : "", warmUpHours + 1, cold,
                    coldBronze, coldRest, stages.getOrDefault(com.coderinsights.dw.spark.jobs.gold.BuildReportTablesJob.NAME, Double.NaN),
                    rc == 0 ? "" : " (FAILED, see " + log + ")"));
        }
        if (coldRuns > 1) {
            FileTrees.delete(root.resolve("lake-cold"));
        }
        if (coldSilverGold.size() > 1) {
            List<Double> sorted = coldSilverGold.stream().sorted().toList();
            report.add(String.format("cold process, silver + gold over %d runs: median %.1f s (%.1f-%.1f s)", sorted.size(),
                    median(sorted), sorted.get(0), sorted.get(sorted.size() - 1)));
        }
        // 3. the whole day in one JVM
        if (!skipDay) {
            SparkSession day = SparkSessions.create(config, "bench-day");
            try {
                Path lake = root.resolve("lake-day");
                FileTrees.delete(lake);
                runWindow(day, config, landing, lake, null, "2026-11-02T23", "one JVM, the whole day", report, null);
            } finally {
                day.stop();
            }
        }
        System.out.println();
        System.out.println("pipeline benchmark (" + Runtime.getRuntime().availableProcessors() + " cores):");
        report.forEach(l -> System.out.println("  " + l));
    }

    /**
     * Runs every job over the window; adds a line with the figures to {@code report} (if any); returns silver + gold seconds.
     * {@code times} (if any) is told which job runs, to sum task time by stage.
     */
    private static String runWindow(SparkSession spark, DwConfig config, Path landing, Path lake, String from, String to, String label,
                                    List<String> report, JobTimes times) throws IOException {
        RunWindow window = RunWindow.parse(from, to);
        JobContext ctx = new JobContext(config, new Lake(lake.toUri().toString()), landing.toUri().toString(),
                "bench-" + label.replaceAll("\\W+", "-"), Instant.parse("2026-11-03T00:00:00Z"));
        long inputBytes = bytesInWindow(landing, window);
        double bronze = 0;
        double rest = 0;
        double reports = 0;
        long lines = 0;
        long agentRows = 0;
        long activeRows = 0;
        // as scripts/run-pipeline runs them (one hand-off between the layers); every step after bronze counts as silver + gold
        List<JobResult> results = PipelineRunner.run(spark, window, ctx, PipelineRunner.jobs(), job -> {
            if (times != null) {
                times.stage(job.name());
            }
        });
        for (JobResult r : results) {
            double s = r.millis() / 1000.0;
            if (r.job().equals(IngestRawLogsJob.NAME)) {
                bronze = s;
                lines = r.count("lines_read");
            } else {
                rest += s;
            }
            if (r.job().equals(com.coderinsights.dw.spark.jobs.gold.BuildReportTablesJob.NAME)) {
                reports = s;
            }
            if (r.job().equals("build_silver")) {
                agentRows = r.count("agent_stats_new_rows") + r.count("agent_stats_idle_reports") + r.count("agent_stats_copies_skipped");
                activeRows = r.count("agent_stats_new_rows");
            }
        }
        if (report != null) {
            report.add(String.format("%s: bronze %.1f s (%,d lines, %.0f MB, %.1f MB/s, %,.0f rows/s); silver + gold %.1f s (of which the report tables %.1f s; %,d agent-stat rows, %,d of them with a session or latency, %,.0f rows/s)",
                    label, bronze, lines, inputBytes / 1e6, inputBytes / 1e6 / bronze, lines / bronze, rest, reports, agentRows, activeRows,
                    agentRows / rest));
        }
        return String.format("%.1f s", rest);
    }

    private static long bytesInWindow(Path landing, RunWindow window) throws IOException {
        long total = 0;
        landing = landing.toRealPath();
        try (Stream<Path> files = Files.walk(landing)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path rel = landing.relativize(f);
                if (rel.getNameCount() != 4) {
                    continue;
                }
                String dt = rel.getName(1).toString().substring(3);
                String hour = rel.getName(2).toString().substring(5);
                if (window.contains(Instant.parse(dt + "T" + hour + ":00:00Z"))) {
                    total += Files.size(f);
                }
            }
        }
        return total;
    }

    private static List<String> javaCommand(String main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.add("-Xmx6g");
        cmd.add("@" + System.getProperty("dw.root", ".") + "/conf/jvm/spark-java17.args");
        cmd.add("-Dlog4j2.configurationFile=" + System.getProperty("log4j2.configurationFile", ""));
        cmd.add("-Ddw.root=" + System.getProperty("dw.root", "."));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The median of sorted values. */
    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
