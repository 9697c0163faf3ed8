package com.coderinsights.dw.spark.jobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import com.coderinsights.dw.core.io.FileTrees;
import com.coderinsights.dw.spark.common.DeltaWriter;
import com.coderinsights.dw.spark.common.DwConfig;
import com.coderinsights.dw.spark.common.SessionSettings;
import com.coderinsights.dw.spark.common.SparkSessions;
import com.coderinsights.dw.spark.jobs.PipelineRunner;
import com.coderinsights.dw.spark.jobs.silver.BuildSilverJob;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code scripts/bench delta}: what Delta's own work costs each write here, whatever its rows, so the least
 * time an hourly run's writes can take. Every "hour", each of some small tables gets one write of a few hundred
 * rows, a few tables at a time (as silver writes its dimensions), through {@link DeltaWriter} (the jobs' one way
 * to write) with silver's Spark settings, in one warm JVM. Three kinds of write, each on tables of its own,
 * alternate hour by hour: an append (silver's agent stats and new dimension keys); a replace of the hour's rows,
 * selected by a data column, after a read of the hour before (how bronze, gold and the report tables replace
 * rows); a merge on a key, half of the keys new (silver's sessions, connection logs and changed dimension keys).
 * Prints each hour, then per kind the median hour, per table, and the hours in which Delta also wrote a
 * checkpoint (every tenth version of a table).
 */
public final class DeltaBench {

    /** A kind of write, in the order the hours run them. */
    enum Kind {
        APPEND("append"), REPLACE("read, then replace on a data column"), MERGE("merge on a key, half new");

        final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The start of the names of this kind's tables, and of its Spark job descriptions. */
        String prefix() {
            return name().toLowerCase();
        }
    }

    /**
     * What a run writes: {@code tables} tables of each kind, {@code rows} rows a write, {@code warmUpHours} hours
     * after hour 0 not timed, then {@code hours} timed ones, {@code threads} tables at a time.
     */
    record Options(int tables, int rows, int warmUpHours, int hours, int threads) {
    }

    /** One kind's hour: its wall seconds, the Spark jobs it ran, whether Delta wrote a checkpoint in it. */
    record Hour(Kind kind, int hour, double seconds, long jobs, boolean checkpoint) {
    }

    /** What a run measured, and the rows each kind's first table holds at the end. */
    record Result(List<Hour> hours, Map<Kind, Long> rowsHeld) {
    }

    private DeltaBench() {
    }

    public static void main(String[] args) throws Exception {
        String dir = null;
        int tables = 15;
        int rows = 300;
        int hours = 12;
        int warmUpHours = 4;
        int threads = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = args[++i];
                case "--tables" -> tables = Integer.parseInt(args[++i]);
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--hours" -> hours = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--warm-up-hours" -> warmUpHours = Integer.parseInt(args[++i]);
                default -> usage();
            }
        }
        if (dir == null || tables < 1 || rows < 2 || hours < 1 || warmUpHours < 0 || threads < 1) {
            usage();
        }
        Options options = new Options(tables, rows, warmUpHours, hours, threads);
        DwConfig config = DwConfig.load("local");
        SparkSession spark = SparkSessions.create(config, "bench-delta");
        Path out = Files.createTempDirectory(Files.createDirectories(Path.of(dir)), "delta-bench-");
        try {
            Result result = SessionSettings.with(spark, PipelineRunner.jobConf(config, BuildSilverJob.NAME),
                    () -> run(spark, out, options, true));
            System.out.println();
            report(result, options).forEach(System.out::println);
        } finally {
            spark.stop();
            FileTrees.delete(out);
        }
    }

    private static void usage() {
        System.err.println("usage: DeltaBench --dir DIR [--tables N] [--rows N (at least 2)] [--warm-up-hours N] [--hours N] [--threads N]");
        System.exit(2);
    }

    /**
     * Creates the tables of each kind under {@code dir} in hour 0, writes the warm-up hours (neither timed: the JIT
     * compiles Delta's and Spark's code meanwhile), then times the timed hours of writes, each kind's hour after the
     * other's; counts what the first table of each kind holds at the end.
     */
    static Result run(SparkSession spark, Path dir, Options o, boolean print) {
        AtomicLong jobs = new AtomicLong();
        SparkListener counter = new SparkListener() {
            @Override
            public void onJobEnd(SparkListenerJobEnd jobEnd) {
                jobs.incrementAndGet();
            }
        };
        spark.sparkContext().addSparkListener(counter);
        ExecutorService pool = Executors.newFixedThreadPool(o.threads());
        List<Hour> measured = new ArrayList<>();
        try {
            for (int hour = 0; hour <= o.warmUpHours() + o.hours(); hour++) {
                for (Kind kind : Kind.values()) {
                    int checkpointsBefore = checkpoints(dir, kind);
                    long jobsBefore = jobs.get();
                    long t0 = System.nanoTime();
                    List<Future<?>> writes = new ArrayList<>();
                    for (int table = 0; table < o.tables(); table++) {
                        String path = tablePath(dir, kind, table);
                        int h = hour;
                        writes.add(pool.submit(() -> {
                            spark.sparkContext().setJobDescription("delta bench " + kind.prefix() + " hour " + h);
                            write(spark, kind, path, h, o.rows());
                            return null;
                        }));
                    }
                    for (Future<?> w : writes) {
                        w.get();
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    // the listener bus reports a job's end a little after it ends
                    spark.sparkContext().listenerBus().waitUntilEmpty();
                    if (hour > o.warmUpHours()) { // hour 0 (which creates the tables) and the warm-up hours are not timed
                        Hour timed = new Hour(kind, hour, seconds, jobs.get() - jobsBefore, checkpoints(dir, kind) > checkpointsBefore);
                        measured.add(timed);
                        if (print) {
                            System.out.printf("hour %2d, %-38s %6.2f s, %4d Spark jobs%s%n", hour, kind.label + ":", seconds, timed.jobs(),
                                    timed.checkpoint() ? " (with checkpoints)" : "");
                        }
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("the benchmark's writes failed", e);
        } finally {
            pool.shutdown();
            spark.sparkContext().removeSparkListener(counter);
        }
        Map<Kind, Long> held = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            held.put(kind, spark.read().format("delta").load(tablePath(dir, kind, 0)).count());
        }
        return new Result(measured, held);
    }

    /**
     * The hour's rows: {@code rows} keys, half of them the hour before's (so a merge updates half and inserts
     * half), with the hour as their version and as the data column a replace selects.
     */
    static Dataset<Row> hourRows(SparkSession spark, int hour, int rows) {
        long first = (long) hour * (rows / 2);
        return spark.range(first, first + rows).select(lit("2026-11-02").as("day"), lit(hour).as("hour"), col("id"),
                concat(lit("user-"), col("id").mod(97).cast("string")).as("user_id"), lit((long) hour).as("version"));
    }

    private static void write(SparkSession spark, Kind kind, String path, int hour, int rows) {
        Dataset<Row> data = hourRows(spark, hour, rows);
        DeltaWriter.Layout layout = DeltaWriter.Layout.partitionedBy("day");
        switch (kind) {
            case APPEND -> DeltaWriter.append(spark, data, path, layout);
            case REPLACE -> {
                if (hour > 0 && spark.read().format("delta").load(path).where(col("hour").equalTo(hour - 1)).count() != rows) {
                    throw new IllegalStateException(path + " lost the rows of hour " + (hour - 1));
                }
                DeltaWriter.replace(spark, data, path, "hour = " + hour, layout);
            }
            case MERGE -> DeltaWriter.merge(spark, data, path, "t.id = s.id", "s.version > t.version", "day");
        }
    }

    private static String tablePath(Path dir, Kind kind, int table) {
        return dir.resolve(kind.prefix() + "-" + table).toUri().toString();
    }

    /** The checkpoints Delta has written so far in the logs of a kind's tables. */
    private static int checkpoints(Path dir, Kind kind) {
        File[] tables = dir.toFile().listFiles((d, name) -> name.startsWith(kind.prefix() + "-"));
        int n = 0;
        for (File table : tables == null ? new File[0] : tables) {
            String[] logs = new File(table, "_delta_log").list((d, name) -> name.contains(".checkpoint."));
            n += logs == null ? 0 : logs.length;
        }
        return n;
    }

    /** Per kind: the median hour without checkpoints, per table, its Spark jobs, and the hours with checkpoints. */
    static List<String> report(Result result, Options o) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("delta benchmark (%d cores, a warm JVM, silver's settings): %d table%s of each kind, one write of %d rows"
                + " to each every hour, %d at a time; medians of the hours without a checkpoint:",
                Runtime.getRuntime().availableProcessors(), o.tables(), o.tables() == 1 ? "" : "s", o.rows(), o.threads()));
        for (Kind kind : Kind.values()) {
            List<Hour> plain = result.hours().stream().filter(h -> h.kind() == kind && !h.checkpoint()).toList();
            List<Hour> withCheckpoint = result.hours().stream().filter(h -> h.kind() == kind && h.checkpoint()).toList();
            StringBuilder line = new StringBuilder(String.format("  %-38s", kind.label + ":"));
            if (plain.isEmpty()) {
                line.append(" every hour wrote checkpoints");
            } else {
                double hour = PipelineBench.median(plain.stream().map(Hour::seconds).sorted().toList());
                double jobs = PipelineBench.median(plain.stream().map(h -> (double) h.jobs()).sorted().toList());
                line.append(String.format(" %.2f s an hour, %.2f s a table, %.1f Spark jobs a table", hour, hour / o.tables(), jobs / o.tables()));
            }
            if (!withCheckpoint.isEmpty()) {
                line.append(withCheckpoint.stream().map(h -> String.format("%.2f s", h.seconds()))
                        .collect(java.util.stream.Collectors.joining(", ", "; with checkpoints ", "")));
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
