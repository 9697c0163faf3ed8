package com.coderinsights.dw.spark.common;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.SparkSession;

/** Where the Delta tables live: {@code <root>/<layer>/<table>}. */
public record Lake(String root) {

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
}
