package com.coderinsights.dw.spark.jobs.bench;

import static org.apache.spark.sql.functions.col;

import com.coderinsights.dw.core.io.FileTrees;
import com.coderinsights.dw.spark.common.DeltaWriter;
import com.coderinsights.dw.spark.common.DwConfig;
import com.coderinsights.dw.spark.common.SessionSettings;
import com.coderinsights.dw.spark.common.SparkSessions;
import com.coderinsights.dw.spark.jobs.PipelineRunner;
import com.coderinsights.dw.spark.jobs.gold.BuildTemplateUsageStatsJob;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code scripts/bench stats}: what Delta's min/max statistics cost a write of the minute facts. The
 * facts the pipeline benchmark left in its lake are appended to a new table, partitioned as the gold
 * job partitions them, once with statistics of every column (Delta's default) and once with those of
 * the job's layout, alternating, with the gold job's Spark settings ({@code dw.spark.job-conf}).
 * Prints each run's wall and process CPU seconds and the medians.
 */
public final class WriteStatsBench {

    private WriteStatsBench() {
    }

    public static void main(String[] args) throws Exception {
        String dir = null;
        int runs = 6;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = args[++i];
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: WriteStatsBench --dir DIR [--runs N]");
                    System.exit(2);
                }
            }
        }
        if (dir == null || runs < 1) {
            System.err.println("usage: WriteStatsBench --dir DIR [--runs N] (N at least 1)");
            System.exit(2);
        }
        Path minutesPath = Path.of(dir, "lake-hourly", "silver", BuildTemplateUsageStatsJob.MINUTES);
        if (!Files.isDirectory(minutesPath.resolve("_delta_log"))) {
            System.err.println("no minute facts at " + minutesPath + ": run scripts/bench pipeline first (it leaves them there)");
            System.exit(1);
        }
        DwConfig config = DwConfig.load("local");
        SparkSession spark = SparkSessions.create(config, "bench-stats");
        Path out = Files.createTempDirectory(Path.of(dir), "stats-bench-");
        int timedRuns = runs;
        try {
            SessionSettings.with(spark, PipelineRunner.jobConf(config, BuildTemplateUsageStatsJob.NAME), () -> {
                measure(spark, minutesPath.toUri().toString(), out, timedRuns);
                return null;
            });
        } finally {
            spark.stop();
            FileTrees.delete(out);
        }
    }

    private static void measure(SparkSession spark, String minutesPath, Path out, int runs) {
        DeltaWriter.Layout layout = BuildTemplateUsageStatsJob.MINUTES_LAYOUT;
        Map<String, DeltaWriter.Layout> variants = new java.util.LinkedHashMap<>();
        variants.put("statistics of every column", new DeltaWriter.Layout(layout.partitionBy(), null));
        variants.put("statistics of " + String.join(", ", layout.statsColumns()), layout);
        // the facts in ranges of (bucket, user), as the gold job writes them, read once
        Dataset<Row> facts = spark.read().format("delta").load(minutesPath)
                .repartitionByRange(col("bucket_start"), col("user_id")).persist();
        long rows = facts.count();
        System.out.printf("writing %,d minute facts (%s), %d runs of each, alternating (the first of each not counted)%n", rows,
                minutesPath, runs);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, List<double[]>> times = new java.util.LinkedHashMap<>();
        for (int run = 0; run <= runs; run++) {
            int variant = 0;
            for (Map.Entry<String, DeltaWriter.Layout> v : variants.entrySet()) {
                String path = out.resolve("run" + run + "-" + variant++).toUri().toString();
                DeltaWriter.create(spark, facts.schema(), path, v.getValue());
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                long written = DeltaWriter.append(spark, facts, path, v.getValue());
                double wall = (System.nanoTime() - t0) / 1e9;
                double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
                if (written != rows) {
                    throw new IllegalStateException("wrote " + written + " rows of " + rows);
                }
                if (run > 0) {
                    times.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(new double[] {wall, cpu});
                    System.out.printf("  run %d, %s: %.2f s, %.2f s of CPU%n", run, v.getKey(), wall, cpu);
                }
            }
        }
        System.out.printf("write stats benchmark (2 cores), %,d minute facts, median of %d runs:%n", rows, runs);
        times.forEach((name, t) -> System.out.printf("  %-40s %.2f s (%.2f s of CPU)%n", name,
                PipelineBench.median(t.stream().map(x -> x[0]).sorted().toList()), PipelineBench.median(t.stream().map(x -> x[1]).sorted().toList())));
    }
}
