package com.coderinsights.dw.spark.common;

import org.apache.spark.sql.SparkSession;

/** Builds the one SparkSession a JVM uses, from {@code dw.spark} configuration. */
public final class SparkSessions {

    private SparkSessions() {
    }

    public static SparkSession create(DwConfig config, String appName) {
        SparkSession.Builder b = SparkSession.builder()
                .appName(config.string("dw.spark.app-name-prefix") + "-" + appName);
        String master = config.stringOrNull("dw.spark.master");
        if (master != null) {
            b.master(master);
        }
        config.stringMap("dw.spark.conf").forEach(b::config);
        return b.getOrCreate();
    }
}
