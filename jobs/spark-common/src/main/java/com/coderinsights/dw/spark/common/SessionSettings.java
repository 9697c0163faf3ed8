package com.coderinsights.dw.spark.common;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/** SQL settings the session holds while some work runs, and the settings from before once it ends, however it ends. */
public final class SessionSettings {

    private SessionSettings() {
    }

    /**
     * Runs {@code work} with {@code settings} set on the session; afterwards each setting is back to what the session
     * had set (not the default), or unset where it had none, also when the work throws.
     */
    public static <T> T with(SparkSession spark, Map<String, String> settings, Supplier<T> work) {
        Map<String, scala.Option<String>> before = new LinkedHashMap<>();
        try {
            settings.forEach((k, v) -> {
                before.put(k, spark.conf().getAll().get(k));
                spark.conf().set(k, v);
            });
            return work.get();
        } finally {
            before.forEach((k, v) -> {
                if (v.isDefined()) {
                    spark.conf().set(k, v.get());
                } else {
                    spark.conf().unset(k);
                }
            });
        }
    }
}
