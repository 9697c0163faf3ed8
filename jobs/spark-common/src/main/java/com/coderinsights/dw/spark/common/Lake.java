package com.coderinsights.dw.spark.common;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaTable;
import java.time.Instant;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Where the Delta tables live: {@code <root>/<layer>/<table>}. */
public record Lake(String root) {

    /** The layers, in the order data flows through them. */
    public static final java.util.List<String> LAYERS = java.util.List.of("bronze", "silver", "gold");

    public Lake {
        if (root == null || root.isBlank()) {
            throw new IllegalArgumentException("the lake root is not set (--lake or dw.lake.root)");
        }
        root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    public String path(String layer, String table) {
        return root + "/" + layer + "/" + table;
    }

    public static boolean exists(SparkSession spark, String path) {
        return DeltaTable.isDeltaTable(spark, path);
    }

    /**
     * Whether a Delta table is at the path and has data files (their number comes from the latest commit's checksum
     * where Delta wrote one: no Spark job, where a read of an empty table costs a few). One listing of the log: where
     * there is none, the snapshot is Delta's empty one, of version -1.
     */
    public static boolean hasFiles(SparkSession spark, String path) {
        org.apache.spark.sql.delta.Snapshot s = snapshot(spark, path);
        return s.version() >= 0 && s.numOfFiles() > 0;
    }

    /** The table's latest snapshot, from a listing of its log (no Spark job; its file list is computed when asked for). */
    public static org.apache.spark.sql.delta.Snapshot snapshot(SparkSession spark, String path) {
        return org.apache.spark.sql.delta.DeltaLog.forTable(spark, path).update(false, scala.Option.empty(), scala.Option.empty());
    }

    /**
     * No row of the table has a later value of the timestamp column than this, by its files' statistics (a pass over
     * its file list, not its rows). Delta keeps a timestamp's statistics truncated to milliseconds, so this is their
     * largest maximum plus one millisecond. Empty when some file has no maximum of the column (no statistics, or
     * only nulls): nothing is known then. {@link Instant#MIN} when the table has no files.
     */
    public static Optional<Instant> latestByStatistics(SparkSession spark, String path, String column) {
        Column latest = get_json_object(col("stats"), "$.maxValues." + column);
        Row r = snapshot(spark, path).allFiles().toDF()
                .agg(count(lit(1)), count(when(latest.isNull(), 1)), max(to_timestamp(latest))).first();
        if (r.getLong(0) == 0) {
            return Optional.of(Instant.MIN);
        }
        if (r.getLong(1) > 0 || r.isNullAt(2)) {
            return Optional.empty();
        }
        return Optional.of(r.getTimestamp(2).toInstant().plusMillis(1));
    }

    /** The Delta tables directly below {@code <root>/<layer>}, by name, sorted (none when the layer does not exist). */
    public java.util.List<String> tables(SparkSession spark, String layer) {
        java.util.List<String> out = new java.util.ArrayList<>();
        try {
            org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(root + "/" + layer);
            org.apache.hadoop.fs.FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(dir)) {
                for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(dir)) {
                    if (st.isDirectory() && exists(spark, st.getPath().toString())) {
                        out.add(st.getPath().getName());
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + root + "/" + layer, e);
        }
        out.sort(null);
        return out;
    }
}
