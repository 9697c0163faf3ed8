package com.coderinsights.dw.spark.jobs.testing;

import com.coderinsights.dw.spark.common.DwConfig;
import com.coderinsights.dw.spark.common.JobContext;
import com.coderinsights.dw.spark.common.Lake;
import com.coderinsights.dw.spark.common.SparkSessions;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.spark.sql.SparkSession;

/**
 * One local SparkSession for the whole test JVM (surefire reuses one fork per module), configured
 * from {@code conf/test.conf}: local[2], one shuffle partition, no UI.
 */
public abstract class SparkTestBase {

    private static SparkSession spark;
    protected static final DwConfig CONFIG = DwConfig.load("test");

    protected static synchronized SparkSession spark() {
        if (spark == null) {
            spark = SparkSessions.create(CONFIG, "test");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> spark.stop()));
        }
        return spark;
    }

    protected static JobContext context(Path landing, Path lake, String runId, Instant startedAt) {
        return new JobContext(CONFIG, new Lake(lake.toUri().toString()), landing.toUri().toString(), runId, startedAt);
    }
}
