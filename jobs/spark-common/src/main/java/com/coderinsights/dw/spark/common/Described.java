package com.coderinsights.dw.spark.common;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/** Work a job runs side by side on a pool thread, under a Spark job description of its own. */
public final class Described {

    private Described() {
    }

    /**
     * Runs {@code work} on the common pool with {@code description} as the Spark job description of its
     * thread (a pool thread keeps the description of whatever it last ran, so it must be set each time).
     */
    public static <T> CompletableFuture<T> async(SparkSession spark, String description, Supplier<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            spark.sparkContext().setJobDescription(description);
            return work.get();
        });
    }
}
