package com.coderinsights.dw.spark.common;

import io.delta.tables.DeltaTable;
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

    /** The table's latest snapshot, from a listing of its log (no Spark job; its file list is computed when asked for). */
    public static org.apache.spark.sql.delta.Snapshot snapshot(SparkSession spark, String path) {
        return org.apache.spark.sql.delta.DeltaLog.forTable(spark, path).update(false, scala.Option.empty(), scala.Option.empty());
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
