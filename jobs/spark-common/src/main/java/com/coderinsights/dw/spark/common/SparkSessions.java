package com.coderinsights.dw.spark.common;

import org.apache.spark.sql.SparkSession;

/** Builds the one SparkSession a JVM uses, from {@code dw.spark} configuration. */
public final class SparkSessions {

    /** Spark's scheduler pools file: a relative path is one under conf/. */
    static final String ALLOCATION_FILE = "spark.scheduler.allocation.file";

    private SparkSessions() {
    }

    private static String confPath(String path) {
        return path.contains(":") || new java.io.File(path).isAbsolute() ? path
                : new java.io.File(DwConfig.confDir(), path).getAbsolutePath();
    }

    public static SparkSession create(DwConfig config, String appName) {
        SparkSession.Builder b = SparkSession.builder()
                .appName(config.string("dw.spark.app-name-prefix") + "-" + appName);
        String master = config.stringOrNull("dw.spark.master");
        if (master != null) {
            b.master(master);
        }
        config.stringMap("dw.spark.conf").forEach((k, v) -> b.config(k, k.equals(ALLOCATION_FILE) ? confPath(v) : v));
        return b.getOrCreate();
    }
}
