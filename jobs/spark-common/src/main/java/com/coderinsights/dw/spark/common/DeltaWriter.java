package com.coderinsights.dw.spark.common;

import io.delta.tables.DeltaTable;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** The one way jobs write Delta: an atomic replace of exactly the rows a predicate selects. */
public final class DeltaWriter {

    private DeltaWriter() {
    }

    /**
     * Replaces the rows of {@code path} matching {@code replaceWhere} with {@code data} in one commit
     * (creating the table, partitioned by {@code partitionColumns}, when it does not exist).
     * Every row of {@code data} must match the predicate; Delta checks it.
     *
     * @return the rows written, from the commit's own metrics
     */
    public static long replace(SparkSession spark, Dataset<Row> data, String path, String replaceWhere,
                               String... partitionColumns) {
        long before = -1;
        if (Lake.exists(spark, path)) {
            before = DeltaTable.forPath(spark, path).history(1).select("version").head().getLong(0);
            data.write().format("delta").mode(SaveMode.Overwrite).option("replaceWhere", replaceWhere).save(path);
        } else {
            data.write().format("delta").mode(SaveMode.ErrorIfExists).partitionBy(partitionColumns).save(path);
        }
        Row last = DeltaTable.forPath(spark, path).history(1).select("version", "operationMetrics").head();
        if (last.getLong(0) == before) {
            return 0; // Delta made no commit: nothing to replace, nothing to write
        }
        Map<String, String> metrics = last.getJavaMap(1);
        return metrics == null ? 0 : Long.parseLong(metrics.getOrDefault("numOutputRows", "0"));
    }

    /** Replaces the whole table (or creates it) with {@code data}; returns the rows written. */
    public static long overwrite(SparkSession spark, Dataset<Row> data, String path) {
        data.write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true").save(path);
        Map<String, String> metrics = DeltaTable.forPath(spark, path).history(1).select("operationMetrics").head().getJavaMap(0);
        return metrics == null ? 0 : Long.parseLong(metrics.getOrDefault("numOutputRows", "0"));
    }

    /**
     * Merges {@code source} into the table at {@code path} on {@code condition} (target alias t,
     * source alias s): new keys are inserted, and matched rows are replaced when {@code updateWhen}
     * holds (null: never; insert-only). Creates the table when it does not exist.
     */
    public static void merge(SparkSession spark, Dataset<Row> source, String path, String condition, String updateWhen,
                             String... partitionColumns) {
        if (!Lake.exists(spark, path)) {
            source.write().format("delta").mode(SaveMode.ErrorIfExists).partitionBy(partitionColumns).save(path);
            return;
        }
        io.delta.tables.DeltaMergeBuilder m = DeltaTable.forPath(spark, path).as("t").merge(source.as("s"), condition);
        if (updateWhen != null) {
            m = m.whenMatched(updateWhen).updateAll();
        }
        m.whenNotMatched().insertAll().execute();
    }
}
