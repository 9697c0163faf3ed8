package com.coderinsights.dw.spark.jobs.maintenance;

import com.coderinsights.dw.spark.common.JobContext;
import com.coderinsights.dw.spark.common.JobResult;
import com.coderinsights.dw.spark.common.Lake;
import com.coderinsights.dw.spark.common.RunWindow;
import com.coderinsights.dw.spark.common.SessionSettings;
import com.coderinsights.dw.spark.common.SparkJob;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an hourly lake from slowing down as it ages ({@code scripts/run-pipeline --maintain}, after the layers, in
 * the same process, so it never races an hourly write): every Delta table of bronze, silver and gold
 * <ol>
 *   <li>has its small files compacted, partition by partition ({@code OPTIMIZE}), in the days before the last
 *   {@code dw.maintenance.compact-after-days} before the window's end (see {@link #compactionScope}): an hourly run adds a file or more
 *   to most tables (the processed-file log, the manifest, each dimension merge, the minute facts of every bucket a
 *   late report touched), which every later run that reads them opens again. Files of at least
 *   {@code dw.maintenance.small-file-mb} (an hour of bronze's idle agent reports) are left as they are; rows do not change,
 *   and a table with nothing to compact gets no commit (nor an {@code OPTIMIZE}: see {@link #hasFilesToCompact});</li>
 *   <li>then loses the files no version younger than {@code dw.maintenance.retention-hours} references
 *   ({@code VACUUM}): what compaction, replaces and merges removed from the table stays on disk until then, for
 *   readers still on an older version and for time travel.</li>
 * </ol>
 */
public final class MaintainLakeJob implements SparkJob {

    public static final String NAME = "maintain_lake";
    private static final String MIN_FILE_SIZE = "spark.databricks.delta.optimize.minFileSize";
    private static final String MAX_FILE_SIZE = "spark.databricks.delta.optimize.maxFileSize";

    private static final Logger LOG = LoggerFactory.getLogger(MaintainLakeJob.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JobResult run(SparkSession spark, RunWindow window, JobContext ctx) {
        long small = ctx.config().integer("dw.maintenance.small-file-mb") * 1024L * 1024L;
        long target = ctx.config().integer("dw.maintenance.target-file-mb") * 1024L * 1024L;
        int retention = ctx.config().integer("dw.maintenance.retention-hours");
        if (small < 0 || target <= 0 || retention < 0) {
            throw new IllegalArgumentException("dw.maintenance: small-file-mb must be 0 or more, target-file-mb more than 0 and "
                    + "retention-hours 0 or more, not " + small / 1024 / 1024 + ", " + target / 1024 / 1024 + " and " + retention);
        }
        int recentDays = ctx.config().integer("dw.maintenance.compact-after-days");
        if (recentDays < 0) {
            throw new IllegalArgumentException("dw.maintenance.compact-after-days must be 0 or more, not " + recentDays);
        }
        // partitions of this day and later are recent: left as they are. Counted back from the window's last arrival
        // hour (a replay of past hours keeps its own recent days), or from now without one
        java.time.LocalDate cutoff = java.time.LocalDate.ofInstant(window.to() != null ? window.to() : ctx.runStartedAt(),
                java.time.ZoneOffset.UTC).minusDays(recentDays);
        int parallel = Math.max(1, ctx.config().integer("dw.maintenance.parallel-tables"));
        // OPTIMIZE takes files below the minimum as candidates and bins them up to the maximum
        List<long[]> done = SessionSettings.with(spark, Map.of(MIN_FILE_SIZE, Long.toString(small),
                MAX_FILE_SIZE, Long.toString(Math.max(target, small))), () -> {
            List<long[]> out = new java.util.ArrayList<>();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallel);
            List<java.util.concurrent.Future<long[]>> futures = new java.util.ArrayList<>();
            try {
                for (String layer : Lake.LAYERS) {
                    for (String table : ctx.lake().tables(spark, layer)) {
                        // tables side by side: each is a few small Spark jobs and a commit or two, mostly waiting
                        futures.add(pool.submit(() -> maintain(spark, layer, table, ctx.lake().path(layer, table), small, cutoff,
                                retention)));
                    }
                }
                for (java.util.concurrent.Future<long[]> f : futures) {
                    out.add(f.get());
                }
                return out;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("lake maintenance interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof RuntimeException re ? re : new IllegalStateException("lake maintenance failed: " + cause.getMessage(), cause);
            } finally {
                // after a failure: the tables not started yet are not, and those under way finish before the job ends
                futures.forEach(f -> f.cancel(false));
                pool.shutdown();
                try {
                    pool.awaitTermination(1, java.util.concurrent.TimeUnit.HOURS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Map<String, Long> counts = new LinkedHashMap<>();
        long tables = done.size();
        long compacted = done.stream().filter(d -> d[0] > 0).count();
        long removed = done.stream().mapToLong(d -> d[0]).sum();
        long added = done.stream().mapToLong(d -> d[1]).sum();
        long before = done.stream().mapToLong(d -> d[2]).sum();
        long after = done.stream().mapToLong(d -> d[3]).sum();
        counts.put("tables", tables);
        counts.put("tables_with_nothing_to_compact", done.stream().mapToLong(d -> d[4]).sum());
        counts.put("tables_compacted", compacted);
        counts.put("small_files_compacted", removed);
        counts.put("files_written_by_compaction", added);
        counts.put("data_files_on_disk_before", before);
        counts.put("data_files_on_disk_after", after);
        return new JobResult(NAME, counts);
    }

    /**
     * Compacts then vacuums one table: {small files compacted, files they became, data files on disk before, after, 1 when
     * its compaction scope had nothing to compact (else 0)}.
     */
    private static long[] maintain(SparkSession spark, String layer, String table, String path, long small,
                                   java.time.LocalDate cutoff, int retention) {
        spark.sparkContext().setJobDescription("maintain " + layer + "." + table);
        try {
            long t0 = System.nanoTime();
            long onDisk = dataFiles(spark, path);
            org.apache.spark.sql.delta.Snapshot snapshot = Lake.snapshot(spark, path);
            String scope = small > 0 ? compactionScope(snapshot, cutoff) : null;
            // OPTIMIZE costs a second or more even when it finds nothing to do: not called then
            boolean skipped = scope != null && !hasFilesToCompact(snapshot, scope, small);
            Row metrics = scope == null || skipped ? null : (scope.isEmpty() ? DeltaTable.forPath(spark, path).optimize()
                    : DeltaTable.forPath(spark, path).optimize().where(scope)).executeCompaction()
                    .select("metrics.numFilesRemoved", "metrics.numFilesAdded").first();
            long removed = metrics == null ? 0 : metrics.getLong(0);
            long added = metrics == null ? 0 : metrics.getLong(1);
            DeltaTable.forPath(spark, path).vacuum(retention);
            long left = dataFiles(spark, path);
            LOG.info("{}: {}.{}: {} small files compacted into {}{}; data files on disk {} before, {} after, in {} ms", NAME, layer, table,
                    removed, added, skipped ? " (none to compact)" : "", onDisk, left, (System.nanoTime() - t0) / 1_000_000);
            return new long[] {removed, added, onDisk, left, skipped ? 1 : 0};
        } finally {
            spark.sparkContext().setJobDescription(null);
        }
    }

    /**
     * Which of a table's partitions are compacted: all of an unpartitioned table (""), those before {@code cutoff} of a
     * table partitioned by a date first (a predicate), none of another (null). The recent days are left as the hourly
     * runs wrote them: late reports still replace rows there, and the runs read them by time range, skipping files by
     * the narrow time ranges of their statistics (compacted into one file a day, silver's agent stats and gold's
     * buckets would be read and rewritten whole: the next hour's silver + gold took 73.9 s against 54.0 s).
     */
    static String compactionScope(org.apache.spark.sql.delta.Snapshot snapshot, java.time.LocalDate cutoff) {
        List<String> partitions = scala.jdk.javaapi.CollectionConverters.asJava(snapshot.metadata().partitionColumns());
        if (partitions.isEmpty()) {
            return "";
        }
        String first = partitions.get(0);
        boolean byDate = java.util.Arrays.stream(snapshot.metadata().schema().fields())
                .anyMatch(f -> f.name().equals(first) && f.dataType() instanceof org.apache.spark.sql.types.DateType);
        return byDate ? "`" + first + "` < date'" + cutoff + "'" : null;
    }

    /**
     * Whether {@code OPTIMIZE} over the scope (a partition predicate, "" for all) has anything to do: a partition in it
     * with two files or more below {@code small} bytes (it leaves a lone small file as it is), or a file with a deletion
     * vector (it rewrites those without their deleted rows). Read from the table's file list, without opening a file.
     */
    static boolean hasFilesToCompact(org.apache.spark.sql.delta.Snapshot snapshot, String scope, long small) {
        org.apache.spark.sql.Dataset<Row> files = snapshot.allFiles().toDF();
        List<org.apache.spark.sql.Column> partitions = new java.util.ArrayList<>();
        for (org.apache.spark.sql.types.StructField f : snapshot.metadata().partitionSchema().fields()) {
            files = files.withColumn(f.name(), org.apache.spark.sql.functions.col("partitionValues").getItem(f.name()).cast(f.dataType()));
            partitions.add(org.apache.spark.sql.functions.col(f.name()));
        }
        if (!scope.isEmpty()) {
            files = files.where(scope);
        }
        files = files.where(org.apache.spark.sql.functions.col("size").lt(small).or(org.apache.spark.sql.functions.col("deletionVector")
                .isNotNull()));
        return !files.groupBy(partitions.toArray(org.apache.spark.sql.Column[]::new))
                .agg(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)).as("files"),
                        org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.col("deletionVector")).as("vectors"))
                .where("files > 1 or vectors > 0").isEmpty();
    }

    /** The table's data files on disk, referenced or not (its log and checksums aside). */
    static long dataFiles(SparkSession spark, String table) {
        Path root = new Path(table);
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            long n = 0;
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
            while (it.hasNext()) {
                Path p = it.next().getPath();
                if (p.getName().endsWith(".parquet") && !p.toUri().getPath().contains("/_delta_log/")) {
                    n++;
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + table, e);
        }
    }
}
