package com.coderinsights.dw.spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.coderinsights.dw.spark.common.JobContext;
import com.coderinsights.dw.spark.common.JobResult;
import com.coderinsights.dw.spark.common.RunWindow;
import com.coderinsights.dw.spark.common.SparkJob;
import com.coderinsights.dw.spark.jobs.testing.SparkTestBase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dw.spark.job-conf.<job>}: the session's SQL settings while that job runs (what it sees, and what its queries
 * run with), and the settings from before once it ends, whether it succeeds or fails; other jobs see none of them.
 */
class JobConfTest extends SparkTestBase {

    @TempDir
    Path tmp;

    /** Reports what the session says of two settings while it runs, and the result of a small query. */
    private record Probe(String name, boolean fail) implements SparkJob {
        @Override
        public JobResult run(SparkSession spark, RunWindow window, JobContext ctx) {
            org.apache.spark.sql.Dataset<Long> query = spark.range(0, 10).where("id % 3 = 0");
            long rows = query.count();
            // a whole-stage code-generated operator prints as *(n)
            boolean generated = query.queryExecution().executedPlan().toString().contains("*(");
            if (fail) {
                throw new IllegalStateException("probe failed");
            }
            return new JobResult(name, Map.of(
                    "whole_stage", spark.conf().get("spark.sql.codegen.wholeStage").equals("true") ? 1L : 0L,
                    "partitions", Long.parseLong(spark.conf().get("spark.sql.shuffle.partitions")),
                    "rows", rows, "generated", generated ? 1L : 0L));
        }
    }

    @Test
    void shouldApplyAJobsSettingsWhileItRunsAndRestoreTheOthersAfter() {
        SparkSession spark = spark();
        String partitionsBefore = spark.conf().get("spark.sql.shuffle.partitions");
        assertThat(spark.conf().getAll().contains("spark.sql.codegen.wholeStage")).isFalse();
        JobContext ctx = new JobContext(CONFIG.with("dw.spark.job-conf.probe",
                com.typesafe.config.ConfigValueFactory.fromMap(Map.of( // keys, not paths, as quoted in a .conf file
                        "spark.sql.codegen.wholeStage", "false", "spark.sql.codegen.factoryMode", "NO_CODEGEN",
                        "spark.sql.shuffle.partitions", "7"))), null, tmp.toString(), "r1", Instant.parse("2026-11-03T00:00:00Z"));

        JobResult probe = PipelineRunner.runOne(spark, new Probe("probe", false), RunWindow.parse(null, null), ctx);
        assertThat(probe.counts()).containsEntry("whole_stage", 0L).containsEntry("partitions", 7L).containsEntry("rows", 4L)
                .containsEntry("generated", 0L);
        assertThat(probe.millis()).as("timed by the runner").isNotNegative();
        // after it: the value from before, and no setting where there was none
        assertThat(spark.conf().get("spark.sql.shuffle.partitions")).isEqualTo(partitionsBefore);
        assertThat(spark.conf().getAll().contains("spark.sql.codegen.wholeStage")).isFalse();
        assertThat(spark.conf().getAll().contains("spark.sql.codegen.factoryMode")).isFalse();

        JobResult other = PipelineRunner.runOne(spark, new Probe("other", false), RunWindow.parse(null, null), ctx);
        assertThat(other.counts()).containsEntry("whole_stage", 1L).containsEntry("partitions", Long.parseLong(partitionsBefore))
                .containsEntry("rows", 4L).containsEntry("generated", 1L);

        assertThatThrownBy(() -> PipelineRunner.runOne(spark, new Probe("probe", true), RunWindow.parse(null, null), ctx))
                .hasMessage("probe failed");
        assertThat(spark.conf().get("spark.sql.shuffle.partitions")).isEqualTo(partitionsBefore);
        assertThat(spark.conf().getAll().contains("spark.sql.codegen.wholeStage")).isFalse();
    }

    @Test
    void shouldRunSilverAndGoldInterpretedLocally() {
        for (String job : java.util.List.of("build_silver", "build_template_usage_stats", "build_report_tables")) {
            assertThat(CONFIG.stringMap("dw.spark.job-conf." + job)).as(job)
                    .containsEntry("spark.sql.codegen.wholeStage", "false").containsEntry("spark.sql.codegen.factoryMode", "NO_CODEGEN");
        }
        assertThat(CONFIG.raw().hasPath("dw.spark.job-conf.ingest_raw_logs")).isFalse();
        // gold and the report tables without subexpression elimination; silver keeps it (its normalising function)
        for (String job : java.util.List.of("build_template_usage_stats", "build_report_tables")) {
            assertThat(CONFIG.stringMap("dw.spark.job-conf." + job)).as(job)
                    .containsEntry("spark.sql.subexpressionElimination.enabled", "false").hasSize(3);
        }
        assertThat(CONFIG.stringMap("dw.spark.job-conf.build_silver")).doesNotContainKey("spark.sql.subexpressionElimination.enabled")
                .hasSize(2);
    }

    /**
     * An hourly run generates some 210 classes, most of them again every hour: the JVM keeps more than Spark's default
     * of 100, so a warm JVM does not compile them again. 150 queries of distinct generated code, then the first again:
     * with room for only 100, its class would have been dropped and compiled a second time.
     */
    @Test
    void shouldKeepMoreGeneratedClassesThanSparksDefault() {
        SparkSession spark = spark();
        assertThat(spark.conf().get("spark.sql.codegen.cache.maxEntries")).isEqualTo("2000");
        com.codahale.metrics.Histogram compiled = compilations();
        // each literal is part of the generated source, so every query compiles a class of its own
        java.util.function.IntFunction<Long> query = i ->
                spark.range(0, 3).selectExpr("id * 7919 + " + (1_000_003 + i) + " AS v").where("v % 2 = 0").count();
        assertThat(query.apply(0)).isEqualTo(1L); // 1000003, +7919, +15838: only the middle one is even
        long afterFirst = compiled.getCount();
        for (int i = 1; i < 150; i++) {
            query.apply(i);
        }
        assertThat(compiled.getCount()).as("the other queries compiled their own classes").isGreaterThanOrEqualTo(afterFirst + 149);
        long beforeAgain = compiled.getCount();
        assertThat(query.apply(0)).isEqualTo(1L);
        assertThat(compiled.getCount()).as("the first query's classes are still there").isEqualTo(beforeAgain);
    }

    /**
     * Delta runs a replace on data columns (as bronze, silver and gold replace their rows) as a delete in a clone of
     * the session. With Spark's artifact isolation, each clone's tasks got a class loader of their own, so the classes
     * of every such replace were compiled again (13 here, each time). With it off, a replace compiles nothing new the
     * second time.
     */
    @Test
    void shouldNotCompileAReplaceOnDataColumnsAgain() {
        SparkSession spark = spark();
        assertThat(spark.conf().get("spark.sql.artifact.isolation.enabled")).isEqualTo("false");
        com.codahale.metrics.Histogram compiled = compilations();
        String path = tmp.resolve("replaced").toString();
        java.util.function.IntConsumer replace = k -> com.coderinsights.dw.spark.common.DeltaWriter.replace(spark,
                spark.range(0, 10).selectExpr("id", "CAST(id % 2 AS STRING) AS d", "'f" + (k % 2) + "' AS f"), path,
                "f = 'f" + (k % 2) + "'", "d");
        for (int k = 0; k < 3; k++) { // the table, then a replace of each value: what they compile stays
            replace.accept(k);
        }
        long before = compiled.getCount();
        for (int k = 3; k < 6; k++) {
            replace.accept(k);
        }
        assertThat(compiled.getCount()).as("classes compiled again by three more replaces").isEqualTo(before);
        assertThat(spark.read().format("delta").load(path).where("f = 'f1'").count()).isEqualTo(10L);
        assertThat(spark.read().format("delta").load(path).count()).isEqualTo(20L);
    }

    /** Spark's record of the generated classes this JVM compiled: its count grows by one with every compile. */
    private static com.codahale.metrics.Histogram compilations() {
        return org.apache.spark.metrics.source.CodegenMetrics.METRIC_COMPILATION_TIME();
    }
}
