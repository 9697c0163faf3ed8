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

    /** What a test measures, with a {@link JobTimes} that listens to the session. */
    private interface Measured {
        void run(SparkSession spark, JobTimes times) throws Exception;
    }

    /** Runs {@code test} after a first stage that {@link JobTimes#reset()} makes the listener forget. */
    private void afterReset(Measured test) throws Exception {
        SparkSession spark = spark();
        JobTimes times = new JobTimes(null);
        spark.sparkContext().addSparkListener(times);
        try {
            times.stage("before");
            twoTasksOf(spark, 50);
            spark.sparkContext().listenerBus().waitUntilEmpty();
            times.reset();
            test.run(spark, times);
        } finally {
            spark.sparkContext().removeSparkListener(times);
        }
    }

    @Test
    void shouldSumEachStagesTaskTimeAndBoundTheWallTimeOfTheStagesAfterTheFirst() throws Exception {
        afterReset((spark, times) -> {
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
        });
    }

    @Test
    void shouldMeasureTheTimeOfEachStageInWhichNoSparkJobRan() throws Exception {
        afterReset((spark, times) -> {
            times.stage("silver");
            Thread.sleep(600); // the driver alone
            twoTasksOf(spark, 500);
            times.stage("gold");
            twoTasksOf(spark, 300);
            Thread.sleep(400);
            times.finish();
            spark.sparkContext().listenerBus().waitUntilEmpty();

            Map<String, double[]> by = times.driverSecondsByStage();
            // stages since reset() only, in order; {wall s, s without a job}
            assertThat(List.copyOf(by.keySet())).containsExactly("silver", "gold");
            double[] silver = by.get("silver");
            double[] gold = by.get("gold");
            assertThat(silver[0]).isBetween(1.1, 4.0);
            assertThat(silver[1]).isBetween(0.6, silver[0] - 0.5);
            assertThat(gold[0]).isBetween(0.7, 3.0);
            assertThat(gold[1]).isBetween(0.4, gold[0] - 0.3);
            assertThat(times.driverLine()).isEqualTo(String.format(
                    "time in which no Spark job ran (the driver alone: planning, Delta's log and commits): silver %.1f of %.1f s,"
                            + " gold %.1f of %.1f s", silver[1], silver[0], gold[1], gold[0]));
        });
    }
}
