package com.coderinsights.dw.spark.jobs;

import static com.coderinsights.dw.spark.jobs.testing.Landings.TEMPLATE;
import static com.coderinsights.dw.spark.jobs.testing.Landings.TEMPLATE_2;
import static com.coderinsights.dw.spark.jobs.testing.Landings.USER;
import static com.coderinsights.dw.spark.jobs.testing.Landings.USER_B;
import static com.coderinsights.dw.spark.jobs.testing.Landings.WORKSPACE;
import static com.coderinsights.dw.spark.jobs.testing.Landings.WORKSPACE_2;
import static com.coderinsights.dw.spark.jobs.testing.Landings.agent;
import static com.coderinsights.dw.spark.jobs.testing.Landings.app;
import static com.coderinsights.dw.spark.jobs.testing.Landings.uuid;
import static com.coderinsights.dw.spark.jobs.testing.Landings.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.coderinsights.dw.spark.common.JobContext;
import com.coderinsights.dw.spark.common.JobResult;
import com.coderinsights.dw.spark.common.RunWindow;
import com.coderinsights.dw.spark.common.SparkJob;
import com.coderinsights.dw.spark.jobs.bronze.IngestRawLogsJob;
import com.coderinsights.dw.spark.jobs.gold.BuildReportTablesJob;
import com.coderinsights.dw.spark.jobs.gold.BuildTemplateUsageStatsJob;
import com.coderinsights.dw.spark.jobs.silver.BuildSilverJob;
import com.coderinsights.dw.spark.jobs.testing.Landings;
import com.coderinsights.dw.spark.jobs.testing.Pipeline;
import com.coderinsights.dw.spark.jobs.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layers of one pipeline run hand each other the pairs they recompute in memory, and silver's log of the files it
 * processed is written only once they are all done: a pipeline run writes no pending table, a run that fails after
 * silver leaves its files to the next run, and layers that stop before gold leave their pairs in the pending tables.
 * Each case ends with the same minute facts, gold and report tables as one plain run over the same files.
 */
class HandOffTest extends SparkTestBase {

    private static final String DAY = "2026-11-02";
    private static final Instant AT = Instant.parse("2026-11-02T23:00:00Z");
    private static final List<String> BUILT = List.of("silver.activity_minutes", "gold.template_usage_stats", "gold.v1_activity_hourly",
            "gold.user_daily_usage", "gold.template_user_daily_usage");

    /** The landing zone and the reference lake, shared by the cases (each builds a lake of its own). */
    @TempDir
    static Path shared;
    private static Map<String, List<String>> expected;

    @TempDir
    Path tmp;

    /**
     * Two users in two buckets of two templates, an app session, and a login of a user with no other activity; and the
     * minute facts, gold and report tables of one plain run over them, in a lake of their own.
     */
    @BeforeAll
    static void landingAndReference() {
        Path landing = shared.resolve("landing");
        write(landing, "workspaces", DAY, 0, "workspaces.ndjson", Landings.workspaces());
        write(landing, "workspace_agent_stats", DAY, 9, "agent-9.ndjson", List.of(
                agent(DAY + "T09:10:05Z", USER, TEMPLATE, WORKSPACE, "vscode=1", 1, 10),
                agent(DAY + "T09:40:05Z", USER, TEMPLATE_2, WORKSPACE_2, "ssh=1", 1, 30)));
        write(landing, "workspace_app_stats", DAY, 9, "apps-9.ndjson", List.of(
                app(1, USER_B, WORKSPACE, "path", "code-server", uuid(1), DAY + "T09:05:00Z", DAY + "T09:07:00Z", 9)));
        write(landing, "audit_logs", DAY, 10, "audit-10.ndjson", List.of(
                "{\"id\":\"" + uuid(21) + "\",\"time\":\"" + DAY + "T10:15:00Z\",\"user_id\":\"" + USER_B + "\",\"resource_type\":\"api_key\","
                        + "\"resource_id\":\"" + uuid(77) + "\",\"resource_target\":\"a\",\"action\":\"login\",\"status_code\":201}"));
        Path lake = shared.resolve("reference-lake");
        Pipeline.run(landing, lake, "run-1", AT);
        expected = pick(Pipeline.snapshot(lake, false));
        assertThat(expected.get("gold.template_usage_stats")).hasSize(3);
        assertThat(expected.get("gold.v1_activity_hourly")).isNotEmpty();
    }

    @Test
    void aPipelineRunHandsItsPairsOnInMemoryAndLogsItsFilesLast() {
        List<JobResult> r = Pipeline.run(landing(), lake(), "run-1", AT);

        assertThat(r).extracting(JobResult::job).containsExactly(IngestRawLogsJob.NAME, BuildSilverJob.NAME, BuildTemplateUsageStatsJob.NAME,
                BuildReportTablesJob.NAME, FinishRunJob.NAME);
        assertThat(r.get(1).count("user_buckets_touched")).isEqualTo(3);
        assertThat(r.get(2).count("buckets_recomputed")).isEqualTo(2);
        // the report tables got gold's hours and the login's (10:00, userB)
        assertThat(r.get(3).count("hours_recomputed")).isEqualTo(2);
        assertThat(r.get(4).count("processed_files_rows_written")).isEqualTo(4);
        assertThat(r.get(4).count("user_buckets_left_pending")).isZero();
        // no pending entry went through the lake but the note of the app session whose workspace arrived in this run (a run
        // doing these files again would find the workspace known), which gold took and removed; the report scope's table
        // was never made
        assertThat(r.get(1).count("user_buckets_touched_by_late_workspaces")).isEqualTo(1);
        assertThat(rows("silver/" + BuildSilverJob.PENDING)).isZero();
        assertThat(Files.exists(lake().resolve("silver/" + BuildReportTablesJob.PENDING))).isFalse();
        assertThat(rows("silver/" + BuildSilverJob.PROCESSED)).isEqualTo(4);
        assertThat(Pipeline.gold(lake())).containsExactly(
                "09:00-09:30 tmpl1 userA lat=10.0 usage=1 ssh=0 sftp=0 pty=0 vscode=1 jetbrains=0 apps=null",
                "09:00-09:30 tmpl1 userB lat=null usage=2 ssh=0 sftp=0 pty=0 vscode=0 jetbrains=0 apps={\"code-server\":2}",
                "09:30-10:00 tmpl2 userA lat=30.0 usage=1 ssh=1 sftp=0 pty=0 vscode=0 jetbrains=0 apps=null");
        assertThat(v1()).contains("10 userB login=1");
    }

    @Test
    void aRunThatFailsAfterSilverLeavesItsFilesToTheNextRun() {
        JobContext ctx = context(landing(), lake(), "run-1", AT);

        assertThatThrownBy(() -> PipelineRunner.run(spark(), RunWindow.all(), ctx,
                List.of(new IngestRawLogsJob(), new BuildSilverJob(), new Failing(), new BuildTemplateUsageStatsJob(),
                        new BuildReportTablesJob(), new FinishRunJob())))
                .hasMessageContaining("gold's cluster went away");
        // silver's facts are in, but no file is logged as processed, and of the pairs only the late workspace's is noted
        assertThat(rows("silver/workspace_agent_stats")).isEqualTo(2);
        assertThat(rows("silver/" + BuildSilverJob.PENDING)).isEqualTo(1);
        assertThat(Files.exists(lake().resolve("silver/" + BuildSilverJob.PROCESSED))).isFalse();
        assertThat(Files.exists(lake().resolve("gold/template_usage_stats"))).isFalse();

        List<JobResult> next = Pipeline.run(landing(), lake(), "run-2", AT);

        // the next run's silver did the files again (its copies of the reports are already in silver) and found the pairs
        assertThat(next.get(0).count("files_ingested")).isZero();
        assertThat(next.get(1).count("bronze_files_new")).isEqualTo(4);
        assertThat(next.get(1).count("agent_stats_copies_skipped")).isEqualTo(2);
        assertThat(next.get(1).count("user_buckets_touched")).isEqualTo(3);
        assertThat(rows("silver/workspace_agent_stats")).isEqualTo(2);
        assertThat(built()).isEqualTo(expected);
    }

    @Test
    void layersThatStopBeforeGoldLeaveThePairsInThePendingTableForALaterRun() {
        List<JobResult> first = PipelineRunner.run(spark(), RunWindow.all(), context(landing(), lake(), "run-1", AT),
                List.of(new IngestRawLogsJob(), new BuildSilverJob(), new FinishRunJob()));

        assertThat(first.get(2).count("user_buckets_left_pending")).isEqualTo(3);
        // the login's hour, for the report tables
        assertThat(first.get(2).count("report_hours_left_pending")).isEqualTo(1);
        assertThat(first.get(2).count("processed_files_rows_written")).isEqualTo(4);
        // with the late workspace's pair (noted by silver itself)
        assertThat(rows("silver/" + BuildSilverJob.PENDING)).isEqualTo(4);
        assertThat(rows("silver/" + BuildReportTablesJob.PENDING)).isEqualTo(1);

        List<JobResult> next = Pipeline.run(landing(), lake(), "run-2", AT);

        assertThat(next.get(1).count("bronze_files_new")).isZero();
        assertThat(next.get(2).count("buckets_recomputed")).isEqualTo(2);
        assertThat(rows("silver/" + BuildSilverJob.PENDING)).isZero();
        assertThat(rows("silver/" + BuildReportTablesJob.PENDING)).isZero();
        assertThat(built()).isEqualTo(expected);
    }

    @Test
    void aRunWhoseJobsDoNotEndWithTheFinishingStepFailsAndLosesNothing() {

        assertThatThrownBy(() -> PipelineRunner.run(spark(), RunWindow.all(), context(landing(), lake(), "run-1", AT),
                List.of(new IngestRawLogsJob(), new BuildSilverJob(), new BuildTemplateUsageStatsJob())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("left what they handed on unwritten")
                .hasMessageContaining("writes waiting: [processed_files]")
                .hasMessageContaining(FinishRunJob.NAME);
        assertThat(Files.exists(lake().resolve("silver/" + BuildSilverJob.PROCESSED))).isFalse();

        Pipeline.run(landing(), lake(), "run-2", AT);

        assertThat(built()).isEqualTo(expected);
    }

    private static Path landing() {
        return shared.resolve("landing");
    }

    private Path lake() {
        return tmp.resolve("lake");
    }

    private Map<String, List<String>> built() {
        return pick(Pipeline.snapshot(lake(), false));
    }

    private static Map<String, List<String>> pick(Map<String, List<String>> tables) {
        Map<String, List<String>> out = new TreeMap<>();
        BUILT.forEach(t -> out.put(t, tables.get(t)));
        return out;
    }

    private long rows(String table) {
        return spark().read().format("delta").load(lake().resolve(table).toString()).count();
    }

    /** The v1 activity rows of the whole deployment: {@code HH user category=count}, sorted. */
    private List<String> v1() {
        return spark().read().format("delta").load(lake().resolve("gold/v1_activity_hourly").toString()).where("organization_id is null")
                .selectExpr("date_format(hour, 'HH')", "user_id", "category", "count").collectAsList().stream()
                .map(x -> x.getString(0) + " " + Landings.name(x.getString(1)) + " " + x.getString(2) + "=" + x.getLong(3)).sorted().toList();
    }

    /** A step that fails, as a job whose cluster went away would. */
    private static final class Failing implements SparkJob {
        @Override
        public String name() {
            return "failing";
        }

        @Override
        public JobResult run(SparkSession spark, RunWindow window, JobContext ctx) {
            throw new IllegalStateException("gold's cluster went away");
        }
    }
}
