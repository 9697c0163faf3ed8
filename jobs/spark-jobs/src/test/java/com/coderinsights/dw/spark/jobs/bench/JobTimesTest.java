package com.coderinsights.dw.spark.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.coderinsights.dw.spark.jobs.testing.SparkTestBase;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The pipeline benchmark's task time by stage, and the wall-time floor it prints from it. */
class JobTimesTest extends SparkTestBase {

    /** A job of two tasks that each run at least {@code ms}. */
    private static void twoTasksOf(SparkSession spark, long ms) {
        spark.range(0, 2, 1, 2).foreachPartition((ForeachPartitionFunction<Long>) rows -> Thread.sleep(ms));
    }

    @Test
    void shouldSumEachStagesTaskTimeAndBoundTheWallTimeOfTheStagesAfterTheFirst() throws Exception {
        SparkSession spark = spark();
        JobTimes times = new JobTimes(null);
        spark.sparkContext().addSparkListener(times);
        try {
            times.stage("before");
            twoTasksOf(spark, 50);
            spark.sparkContext().listenerBus().waitUntilEmpty();
            times.reset();
            times.stage("ingest");
            twoTasksOf(spark, 400);
            times.stage("silver");
            twoTasksOf(spark, 150);
            twoTasksOf(spark, 150);
            times.stage("gold");
            twoTasksOf(spark, 100);
            spark.sparkContext().listenerBus().waitUntilEmpty();

            Map<String, Double> by = times.taskSecondsByStage();
            // the run before reset() is forgotten; the stages in the order they ran; each stage's tasks only
            assertThat(List.copyOf(by.keySet())).containsExactly("ingest", "silver", "gold");
            assertThat(by.get("ingest")).isBetween(0.8, 3.0);
            assertThat(by.get("silver")).isBetween(0.6, 2.5);
            assertThat(by.get("gold")).isBetween(0.2, 1.0);
            double after = by.get("silver") + by.get("gold");
            assertThat(times.floorLine("ingest", 2)).isEqualTo(String.format(
                    "task time by stage: ingest %.1f s, silver %.1f s, gold %.1f s; the stages after ingest: %.1f s of task time, so at least"
                            + " %.1f s on 2 cores busy all along", by.get("ingest"), by.get("silver"), by.get("gold"), after, after / 2));
        } finally {
            spark.sparkContext().removeSparkListener(times);
        }
    }
}
