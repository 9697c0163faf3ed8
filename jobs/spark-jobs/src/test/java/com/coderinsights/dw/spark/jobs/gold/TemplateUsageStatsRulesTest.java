package com.coderinsights.dw.spark.jobs.gold;

import static com.coderinsights.dw.spark.jobs.testing.Landings.AGENT;
import static com.coderinsights.dw.spark.jobs.testing.Landings.TEMPLATE;
import static com.coderinsights.dw.spark.jobs.testing.Landings.TEMPLATE_2;
import static com.coderinsights.dw.spark.jobs.testing.Landings.USER;
import static com.coderinsights.dw.spark.jobs.testing.Landings.USER_B;
import static com.coderinsights.dw.spark.jobs.testing.Landings.WORKSPACE;
import static com.coderinsights.dw.spark.jobs.testing.Landings.WORKSPACE_2;
import static com.coderinsights.dw.spark.jobs.testing.Landings.agent;
import static com.coderinsights.dw.spark.jobs.testing.Landings.agent2026;
import static com.coderinsights.dw.spark.jobs.testing.Landings.app;
import static com.coderinsights.dw.spark.jobs.testing.Landings.uuid;
import static com.coderinsights.dw.spark.jobs.testing.Landings.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.coderinsights.dw.spark.common.JobResult;
import com.coderinsights.dw.spark.jobs.testing.Landings;
import com.coderinsights.dw.spark.jobs.testing.Pipeline;
import com.coderinsights.dw.spark.jobs.testing.SparkTestBase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One hand-computed fixture per bucket-level rule of SEMANTICS.md §12 and per Part A decision, through
 * the whole pipeline (landing, bronze, silver, gold). Expected rows read:
 * {@code start-end template user lat=median usage ssh sftp pty vscode jetbrains apps}.
 */
class TemplateUsageStatsRulesTest extends SparkTestBase {

    private static final String DAY = "2026-11-02";
    private static final Instant AT = Instant.parse("2026-11-02T23:00:00Z");

    @TempDir
    Path tmp;

    private Path landing() {
        return tmp.resolve("landing");
    }

    private Path lake() {
        return tmp.resolve("lake");
    }

    private void agents(int hour, String... lines) {
        write(landing(), "workspace_agent_stats", DAY, hour, "agent-" + hour + "-" + System.nanoTime() + ".ndjson", List.of(lines));
    }

    private void apps(int hour, String... lines) {
        write(landing(), "workspace_app_stats", DAY, hour, "apps-" + hour + "-" + System.nanoTime() + ".ndjson", List.of(lines));
    }

    private List<String> gold() {
        write(landing(), "workspaces", DAY, 0, "workspaces.ndjson", Landings.workspaces());
        Pipeline.run(landing(), lake(), "run-1", AT);
        return Pipeline.gold(lake());
    }

    private static String t(String hms) {
        return DAY + "T" + hms + "Z";
    }

    @Test
    void rule1_activeMinutesComeFromReportsWithASessionCount() {
        agents(9,
                agent(t("09:00:10"), USER, TEMPLATE, WORKSPACE, "vscode=1", 1, 20),
                agent(t("09:00:40"), USER, TEMPLATE, WORKSPACE, "vscode=1", 1, 30),
                agent(t("09:01:10"), USER, TEMPLATE, WORKSPACE, "", 1, 40),
                agent(t("09:02:10"), USER, TEMPLATE, WORKSPACE, "ssh=1", 0, -1));

        assertThat(gold()).containsExactly(
                "09:00-09:30 tmpl1 userA lat=25.0 usage=2 ssh=1 sftp=0 pty=0 vscode=1 jetbrains=0 apps=null");
    }

    @Test
    void rule2_bucketsAreUtcHalfHoursWithAnExclusiveEnd() {
        agents(9,
                agent("2026-11-02T09:29:59.999Z", USER, TEMPLATE, WORKSPACE, "vscode=1", 1, 10),
                agent("2026-11-02T09:30:00Z", USER, TEMPLATE, WORKSPACE, "vscode=1", 1, 12),
                agent("2026-11-02T10:59:59.999999+01:00", USER, TEMPLATE, WORKSPACE, "vscode=1", 1, 14));

        assertThat(gold()).containsExactly(
                "09:00-09:30 tmpl1 userA lat=10.0 usage=1 ssh=0 sftp=0 pty=0 vscode=1 jetbrains=0 apps=null",
                "09:30-10:00 tmpl1 userA lat=13.0 usage=2 ssh=0 sftp=0 pty=0 vscode=2 jetbrains=0 apps=null");
    }

    @Test
    void rule3_theGateDropsAHalfHourWithSessionsButNoConnection() {
        agents(9,
                agent(t("09:05:00"), USER, TEMPLATE, WORKSPACE, "vscode=1", 0, -1),
                agent(t("09:06:00"), USER, TEMPLATE, WORKSPACE, "", 3, 25));
        agents(10,
                agent(t("10:05:00"), USER, TEMPLATE, WORKSPACE, "jetbrains=1", 0, -1),
                agent(t("10:06:00"), USER, TEMPLATE, WORKSPACE, "jetbrains=1", 2, 0),
                agent(t("10:20:00"), USER, TEMPLATE, WORKSPACE, "jetbrains=1", 0, 50));

        assertThat(gold()).containsExactly(
                "10:00-10:30 tmpl1 userA lat=50.0 usage=3 ssh=0 sftp=0 pty=0 vscode=0 jetbrains=3 apps=null");
    }

    @Test
    void rule4_perIdeMinutesAreDistinctAndTheWebTerminalBuiltinComesFromAgentStatsOnly() {
        agents(9,
                agent(t("09:10:05"), USER, TEMPLATE, WORKSPACE, "vscode=1,ssh=1", 1, 5),
                agent(t("09:10:35"), USER, TEMPLATE, WORKSPACE, "vscode=2", 1, 7),
                agent(t("09:11:05"), USER, TEMPLATE, WORKSPACE, "reconnecting_pty=1", 1, 9));
        apps(9, app(1, USER, WORKSPACE, "terminal", "", uuid(1), t("09:20:00"), t("09:22:00"), 4));

        assertThat(gold()).containsExactly(
                "09:00-09:30 tmpl1 userA lat=7.0 usage=4 ssh=1 sftp=0 pty=1 vscode=1 jetbrains=0 apps={\"[terminal]\":2}");
    }

    @Test
    void rule5_appSessionsCountEveryMinuteTheyTouch() {
        apps(9,
                // 10 seconds across a minute boundary: two minutes
                app(1, USER, WORKSPACE, "path", "code-server", uuid(1), t("09:00:55"), t("09:01:05"), 1),
                // a port across the bucket boundary: one minute in each bucket (the end is exclusive)
                app(2, USER, WORKSPACE, "subdomain", "8080", uuid(2), t("09:29:30"), t("09:31:00"), 3),
                // re-reported while open: the copy with the largest end wins
                app(3, USER, WORKSPACE, "subdomain", "jupyter", uuid(3), t("09:40:00"), t("09:41:00"), 2),
                app(3, USER, WORKSPACE, "subdomain", "jupyter", uuid(3), t("09:40:00"), t("09:43:30"), 5),
                // no length, no minute
                app(4, USER, WORKSPACE, "path", "code-server", uuid(4), t("09:50:00"), t("09:50:00"), 1));

        assertThat(gold()).containsExactly(
                "09:00-09:30 tmpl1 userA lat=null usage=3 ssh=0 sftp=0 pty=0 vscode=0 jetbrains=0 apps={\"8080\":1,\"code-server\":2}",
                "09:30-10:00 tmpl1 userA lat=null usage=5 ssh=0 sftp=0 pty=0 vscode=0 jetbrains=0 apps={\"8080\":1,\"jupyter\":4}");
    }

    @Test
    void rule9_latencyIsTheExactMedianOfPositiveSamplesInActiveMinutes() {
        agents(9,
                agent(t("09:00:05"), USER, TEMPLATE, WORKSPACE, "ssh=1", 1, 10),
                agent(t("09:00:35"), USER, TEMPLATE, WORKSPACE, "ssh=1", 1, -1),
                agent(t("09:01:05"), USER, TEMPLATE, WORKSPACE, "ssh=1", 1, 0),
                agent(t("09:01:35"), USER, TEMPLATE, WORKSPACE, "ssh=1", 1, 40),
                agent(t("09:02:05"), USER, TEMPLATE, WORKSPACE, "ssh=1", 1, 20),
                // a sample in a minute nobody was active: ignored
                agent(t("09:15:05"), USER, TEMPLATE, WORKSPACE, "", 1, 900),
                agent(t("09:30:05"), USER, TEMPLATE, WORKSPACE, "ssh=1", 1, 10),
                agent(t("09:30:35"), USER, TEMPLATE, WORKSPACE, "ssh=1", 1, 15),
                agent(t("09:31:05"), USER, TEMPLATE, WORKSPACE, "ssh=1", 1, 30),
                // no session, but in an active minute: its sample counts
                agent(t("09:31:35"), USER, TEMPLATE, WORKSPACE, "", 1, 100));

        assertThat(gold()).containsExactly(
                "09:00-09:30 tmpl1 userA lat=20.0 usage=3 ssh=3 sftp=0 pty=0 vscode=0 jetbrains=0 apps=null",
                "09:30-10:00 tmpl1 userA lat=22.5 usage=2 ssh=2 sftp=0 pty=0 vscode=0 jetbrains=0 apps=null");
    }

    @Test
    void rule14_bucketsFollowCoderdsTimesNotTheHourTheirFileArrived() {
        // coderd received this report at 09:29:59 (created_at); its file arrived two hours later
        agents(11, agent(t("09:29:59"), USER, TEMPLATE, WORKSPACE, "vscode=1", 1, 20));
        agents(10, agent(t("10:45:10"), USER, TEMPLATE, WORKSPACE, "ssh=1", 1, 30));
        // the proxy's session times, 09:58:30-10:01:30, in a file of 12:00: minutes 09:58 and 09:59, then 10:00 and 10:01
        apps(12, app(1, USER, WORKSPACE, "path", "code-server", uuid(1), t("09:58:30"), t("10:01:30"), 2));

        assertThat(gold()).containsExactly(
                "09:00-09:30 tmpl1 userA lat=20.0 usage=1 ssh=0 sftp=0 pty=0 vscode=1 jetbrains=0 apps=null",
                "09:30-10:00 tmpl1 userA lat=null usage=2 ssh=0 sftp=0 pty=0 vscode=0 jetbrains=0 apps={\"code-server\":2}",
                "10:00-10:30 tmpl1 userA lat=null usage=2 ssh=0 sftp=0 pty=0 vscode=0 jetbrains=0 apps={\"code-server\":2}",
                "10:30-11:00 tmpl1 userA lat=30.0 usage=1 ssh=1 sftp=0 pty=0 vscode=0 jetbrains=0 apps=null");
    }

    @Test
    void rule15_agentUsageBelongsToTheOwnerAppUsageToTheVisitor_andTwoTemplatesInOneHalfHourAreTwoRows() {
        agents(9,
                agent(t("09:00:05"), USER, TEMPLATE, WORKSPACE, "vscode=1", 1, 11),
                agent(t("09:00:10"), USER, TEMPLATE_2, WORKSPACE_2, "ssh=1", 1, 13));
        apps(9, app(1, USER_B, WORKSPACE, "path", "code-server", uuid(1), t("09:05:00"), t("09:07:00"), 9));

        assertThat(gold()).containsExactly(
                "09:00-09:30 tmpl1 userA lat=11.0 usage=1 ssh=0 sftp=0 pty=0 vscode=1 jetbrains=0 apps=null",
                "09:00-09:30 tmpl1 userB lat=null usage=2 ssh=0 sftp=0 pty=0 vscode=0 jetbrains=0 apps={\"code-server\":2}",
                "09:00-09:30 tmpl2 userA lat=13.0 usage=1 ssh=1 sftp=0 pty=0 vscode=0 jetbrains=0 apps=null");
    }

    @Test
    void decision3_anAppUsedThroughTwoAccessMethodsCountsTheUnionOfItsMinutes() {
        apps(9,
                app(1, USER, WORKSPACE, "path", "code-server", uuid(1), t("09:00:00"), t("09:05:00"), 9),
                app(2, USER, WORKSPACE, "subdomain", "code-server", uuid(2), t("09:03:00"), t("09:08:00"), 9));

        assertThat(gold()).containsExactly(
                "09:00-09:30 tmpl1 userA lat=null usage=8 ssh=0 sftp=0 pty=0 vscode=0 jetbrains=0 apps={\"code-server\":8}");
    }

    @Test
    void decision2_bothGenerationsGiveIdenticalBuckets() {
        agents(9,
                agent2026(t("09:00:05"), USER, TEMPLATE, WORKSPACE, "cursor=1,ssh=1", 1, 10),
                agent2026(t("09:00:35"), USER, TEMPLATE, WORKSPACE, "Reconnecting-PTY=1", 1, 20),
                agent2026(t("09:01:05"), USER, TEMPLATE, WORKSPACE, "pycharm=2", 1, 30),
                agent2026(t("09:02:05"), USER, TEMPLATE, WORKSPACE, "", 1, 40));
        List<String> newer = gold();

        Path other = tmp.resolve("stable");
        write(other, "workspaces", DAY, 0, "workspaces.ndjson", Landings.workspaces());
        write(other, "workspace_agent_stats", DAY, 9, "a.ndjson", List.of(
                agent(t("09:00:05"), USER, TEMPLATE, WORKSPACE, "vscode=1,ssh=1", 1, 10),
                agent(t("09:00:35"), USER, TEMPLATE, WORKSPACE, "reconnecting_pty=1", 1, 20),
                agent(t("09:01:05"), USER, TEMPLATE, WORKSPACE, "jetbrains=2", 1, 30),
                agent(t("09:02:05"), USER, TEMPLATE, WORKSPACE, "", 1, 40)));
        Pipeline.run(other, tmp.resolve("stable-lake"), "run-1", AT);

        assertThat(newer).containsExactly(
                "09:00-09:30 tmpl1 userA lat=20.0 usage=2 ssh=1 sftp=0 pty=1 vscode=1 jetbrains=1 apps=null");
        assertThat(Pipeline.gold(tmp.resolve("stable-lake"))).isEqualTo(newer);
    }

    @Test
    void decision2_unknownAppNamesCountAsUsageButInNoFamily() {
        agents(9, agent2026(t("09:00:05"), USER, TEMPLATE, WORKSPACE, "zed=1", 1, 10));

        assertThat(gold()).containsExactly(
                "09:00-09:30 tmpl1 userA lat=10.0 usage=1 ssh=0 sftp=0 pty=0 vscode=0 jetbrains=0 apps=null");
    }

    @Test
    void decision4_aRowArrivingLateChangesItsBucketAndNothingElse() {
        agents(9, agent(t("09:10:05"), USER, TEMPLATE, WORKSPACE, "vscode=1", 1, 10));
        agents(11, agent(t("11:10:05"), USER, TEMPLATE, WORKSPACE, "vscode=1", 1, 10));
        List<String> before = gold();
        // three days later, a report of 09:20 arrives
        write(landing(), "workspace_agent_stats", "2026-11-05", 9, "late.ndjson",
                List.of(agent(t("09:20:05"), USER, TEMPLATE, WORKSPACE, "ssh=1", 1, 30)));

        List<JobResult> r = Pipeline.run(landing(), lake(), "run-2", AT.plusSeconds(3 * 86400));

        assertThat(before).containsExactly(
                "09:00-09:30 tmpl1 userA lat=10.0 usage=1 ssh=0 sftp=0 pty=0 vscode=1 jetbrains=0 apps=null",
                "11:00-11:30 tmpl1 userA lat=10.0 usage=1 ssh=0 sftp=0 pty=0 vscode=1 jetbrains=0 apps=null");
        assertThat(r.get(2).count("buckets_recomputed")).isEqualTo(1);
        assertThat(Pipeline.gold(lake())).containsExactly(
                "09:00-09:30 tmpl1 userA lat=20.0 usage=2 ssh=1 sftp=0 pty=0 vscode=1 jetbrains=0 apps=null",
                "11:00-11:30 tmpl1 userA lat=10.0 usage=1 ssh=0 sftp=0 pty=0 vscode=1 jetbrains=0 apps=null");
        // the minute facts are partitioned by bucket: the late report's replace deleted the 09:00 bucket's two facts
        // (agent, latency) and copied nothing (partitioned by day alone, it rewrote the file holding 11:00's facts too)
        io.delta.tables.DeltaTable minutes = io.delta.tables.DeltaTable.forPath(spark(), lake().resolve("silver/activity_minutes").toString());
        assertThat(minutes.detail().select("partitionColumns").head().getList(0)).containsExactly("event_date", "bucket_start");
        // and keep statistics of the column their replaces prune on besides those, user_id, only
        assertThat(minutes.detail().select("properties").head().getJavaMap(0)).containsEntry("delta.dataSkippingStatsColumns", "user_id");
        java.util.Map<String, String> metrics = minutes.history(1).select("operationMetrics").head().getJavaMap(0);
        assertThat(metrics.get("numDeletedRows")).isEqualTo("2");
        assertThat(metrics.get("numCopiedRows")).isEqualTo("0");
    }

    @Test
    void decision4_aLateReportRebuildsOnlyItsUsersRowsOfABusyBucket() {
        // six users in the 09:00 bucket (test.conf: a bucket with 5 pending users or more is rebuilt whole)
        String[] users = new String[6];
        String[] lines = new String[6];
        for (int i = 0; i < 6; i++) {
            users[i] = uuid(501 + i);
            lines[i] = agent(t("09:10:05"), users[i], TEMPLATE, WORKSPACE, "vscode=1", 1, 10);
        }
        agents(9, lines);
        List<JobResult> first = Pipeline.run(landing(), lake(), "run-1", AT);
        List<String> v1Before = v1();
        // the next day, a report of 09:20 of the first user arrives
        write(landing(), "workspace_agent_stats", "2026-11-03", 9, "late.ndjson",
                List.of(agent(t("09:20:05"), users[0], TEMPLATE, WORKSPACE, "ssh=1", 1, 30)));

        List<JobResult> r = Pipeline.run(landing(), lake(), "run-2", AT.plusSeconds(86400));

        assertThat(first.get(2).count("buckets_recomputed_whole")).isEqualTo(1);
        assertThat(r.get(2).count("buckets_recomputed")).isEqualTo(1);
        assertThat(r.get(2).count("buckets_recomputed_whole")).isZero();
        assertThat(r.get(2).count("user_buckets_recomputed_alone")).isEqualTo(1);
        assertThat(r.get(2).count("template_usage_stats_written")).isEqualTo(1);
        List<String> gold = Pipeline.gold(lake());
        assertThat(gold).hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(gold).contains(i == 0
                    ? "09:00-09:30 tmpl1 " + users[i] + " lat=20.0 usage=2 ssh=1 sftp=0 pty=0 vscode=1 jetbrains=0 apps=null"
                    : "09:00-09:30 tmpl1 " + users[i] + " lat=10.0 usage=1 ssh=0 sftp=0 pty=0 vscode=1 jetbrains=0 apps=null");
        }
        // the gold commit replaced that user's row only (the others were at most copied, never recomputed)
        java.util.Map<String, String> metrics = io.delta.tables.DeltaTable.forPath(spark(), lake().resolve("gold/template_usage_stats")
                .toString()).history(1).select("operationMetrics").head().getJavaMap(0);
        assertThat(metrics.get("numDeletedRows")).isEqualTo("1");
        assertThat(Long.parseLong(metrics.get("numOutputRows")) - Long.parseLong(metrics.get("numCopiedRows"))).isEqualTo(1);
        // the v1 activity report rebuilt that user's rows of hour 09 only: two minutes of tunnel now, the others as they were
        assertThat(first.get(3).count("hours_recomputed_whole")).isEqualTo(1);
        assertThat(r.get(3).count("hours_recomputed_whole")).isZero();
        assertThat(r.get(3).count("user_hours_recomputed_alone")).isEqualTo(1);
        List<String> v1After = v1();
        String first0 = Landings.name(users[0]);
        assertThat(v1After.stream().filter(x -> !x.contains(first0)).toList())
                .isEqualTo(v1Before.stream().filter(x -> !x.contains(first0)).toList()).hasSize(5 * 2);
        assertThat(v1Before.stream().filter(x -> x.contains(first0)).toList()).containsExactly("09 " + first0 + " any=1", "09 " + first0 + " tunnel=1");
        assertThat(v1After.stream().filter(x -> x.contains(first0)).toList()).containsExactly("09 " + first0 + " any=2", "09 " + first0 + " tunnel=2");
        java.util.Map<String, String> v1Metrics = io.delta.tables.DeltaTable.forPath(spark(), lake().resolve("gold/v1_activity_hourly")
                .toString()).history(1).select("operationMetrics").head().getJavaMap(0);
        assertThat(v1Metrics.get("numDeletedRows")).isEqualTo("2");
        assertThat(Long.parseLong(v1Metrics.get("numOutputRows")) - Long.parseLong(v1Metrics.get("numCopiedRows"))).isEqualTo(2);
    }

    @Test
    void decision4_hoursAnEarlierVersionNotedWholeAreStillRecomputed() {
        agents(9, agent(t("09:10:05"), USER, TEMPLATE, WORKSPACE, "vscode=1", 1, 10));
        Pipeline.run(landing(), lake(), "run-1", AT);
        List<String> built = v1();
        // the report was lost, and an earlier version's pending table (whole hours) still names its hour
        io.delta.tables.DeltaTable.forPath(spark(), lake().resolve("gold/v1_activity_hourly").toString()).delete();
        spark().createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(java.sql.Timestamp.from(Instant.parse(t("09:00:00"))), "old-run")),
                        new org.apache.spark.sql.types.StructType().add("hour", "timestamp").add("run_id", "string"))
                .write().format("delta").save(lake().resolve("silver/_pending_report_hours").toString());

        List<JobResult> r = Pipeline.run(landing(), lake(), "run-2", AT);

        assertThat(built).containsExactly("09 userA any=1", "09 userA tunnel=1");
        assertThat(r.get(3).count("hours_recomputed_whole")).isEqualTo(1);
        assertThat(v1()).isEqualTo(built);
        assertThat(spark().read().format("delta").load(lake().resolve("silver/_pending_report_hours").toString()).count()).isZero();
    }

    @Test
    void idempotency_pendingEntriesNotedTwiceByARunThatDiedAreRecomputedOnceAndRemoved() {
        agents(9, agent(t("09:10:05"), USER, TEMPLATE, WORKSPACE, "vscode=1", 1, 10));
        List<String> built = gold();
        List<String> v1Built = v1();
        // a run that died after noting its entries, then ran again under the same id and noted them again (pending
        // entries are appended): the same (bucket, user) pair and the same report hour, twice each
        for (int i = 0; i < 2; i++) {
            appendPending("_pending_user_buckets", "bucket_start", t("09:00:00"), USER, "run-died");
            com.coderinsights.dw.spark.jobs.gold.BuildReportTablesJob.notePending(spark(), new com.coderinsights.dw.spark.common.Lake(
                    lake().toString()), List.of(), java.util.Map.of(Instant.parse(t("09:00:00")), List.of(USER)), "run-died/logins");
        }

        List<JobResult> r = Pipeline.run(landing(), lake(), "run-2", AT);

        assertThat(r.get(2).count("buckets_recomputed")).isEqualTo(1);
        assertThat(r.get(2).count("user_buckets_recomputed_alone")).isEqualTo(1);
        // the report hour: once from the logins' entries (one user), once more from gold's
        assertThat(r.get(3).count("hours_recomputed")).isEqualTo(1);
        assertThat(r.get(3).count("user_hours_recomputed_alone")).isEqualTo(1);
        assertThat(Pipeline.gold(lake())).isEqualTo(built);
        assertThat(v1()).isEqualTo(v1Built).containsExactly("09 userA any=1", "09 userA tunnel=1");
        assertThat(spark().read().format("delta").load(lake().resolve("silver/_pending_user_buckets").toString()).count()).isZero();
        assertThat(spark().read().format("delta").load(lake().resolve("silver/_pending_report_scope").toString()).count()).isZero();
    }

    @Test
    void idempotency_pendingEntriesArePartitionedByRunAndRemovedWithoutRewritingAFile() {
        agents(9, agent(t("09:10:05"), USER, TEMPLATE, WORKSPACE, "vscode=1", 1, 10));
        write(landing(), "workspaces", DAY, 0, "workspaces.ndjson", Landings.workspaces());
        // runs whose layers stop early leave what they hand on in the pending tables: silver's pairs, then gold's report
        // scope, each taken by the next run's consumer
        List<List<com.coderinsights.dw.spark.common.SparkJob>> runs = List.of(
                List.of(new com.coderinsights.dw.spark.jobs.bronze.IngestRawLogsJob(), new com.coderinsights.dw.spark.jobs.silver.BuildSilverJob(),
                        new com.coderinsights.dw.spark.jobs.FinishRunJob()),
                List.of(new BuildTemplateUsageStatsJob(), new com.coderinsights.dw.spark.jobs.FinishRunJob()),
                List.of(new BuildReportTablesJob(), new com.coderinsights.dw.spark.jobs.FinishRunJob()));
        String[] consumed = {null, "_pending_user_buckets", "_pending_report_scope"};
        String[] noted = {"_pending_user_buckets", "_pending_report_scope", null};

        for (int i = 0; i < runs.size(); i++) {
            com.coderinsights.dw.spark.jobs.PipelineRunner.run(spark(), com.coderinsights.dw.spark.common.RunWindow.all(),
                    context(landing(), lake(), "run-" + i, AT), runs.get(i));
            if (noted[i] != null) {
                String path = lake().resolve("silver/" + noted[i]).toString();
                assertThat(partitionColumns(path)).as(noted[i]).containsExactly("run_id");
                assertThat(spark().read().format("delta").load(path).where("run_id = 'run-" + i + "' or run_id like 'run-" + i + "/%'").count())
                        .as(noted[i]).isEqualTo(1);
            }
            if (consumed[i] != null) {
                String path = lake().resolve("silver/" + consumed[i]).toString();
                assertThat(spark().read().format("delta").load(path).count()).as(consumed[i]).isZero();
                // the consumer removed the run's entries by partition: its delete added no file
                Row last = io.delta.tables.DeltaTable.forPath(spark(), path).history(1).select("operation", "operationMetrics").head();
                assertThat(last.getString(0)).as(consumed[i]).isEqualTo("DELETE");
                assertThat(last.<String, String>getJavaMap(1)).as(consumed[i]).containsEntry("numAddedFiles", "0")
                        .containsEntry("numRemovedFiles", "1");
            }
        }
        assertThat(Pipeline.gold(lake())).containsExactly(
                "09:00-09:30 tmpl1 userA lat=10.0 usage=1 ssh=0 sftp=0 pty=0 vscode=1 jetbrains=0 apps=null");
        assertThat(v1()).containsExactly("09 userA any=1", "09 userA tunnel=1");
    }

    @Test
    void idempotency_pendingTablesCreatedWithoutPartitionsKeepWorking() {
        agents(9, agent(t("09:10:05"), USER, TEMPLATE, WORKSPACE, "vscode=1", 1, 10));
        // a lake from before the pending tables were partitioned by run: both hold an entry of an old run
        appendPending("_pending_user_buckets", "bucket_start", t("08:30:00"), USER_B, "old-run");
        appendPending("_pending_report_scope", "hour", t("08:00:00"), USER_B, "old-run/gold");

        List<JobResult> r = Pipeline.run(landing(), lake(), "run-1", AT);

        // the old entries are recomputed too (userB has no activity: nothing to write), then removed with this run's
        assertThat(r.get(2).count("buckets_recomputed")).isEqualTo(2);
        assertThat(r.get(3).count("hours_recomputed")).isEqualTo(2);
        assertThat(Pipeline.gold(lake())).containsExactly(
                "09:00-09:30 tmpl1 userA lat=10.0 usage=1 ssh=0 sftp=0 pty=0 vscode=1 jetbrains=0 apps=null");
        assertThat(v1()).containsExactly("09 userA any=1", "09 userA tunnel=1");
        for (String table : List.of("_pending_user_buckets", "_pending_report_scope")) {
            String path = lake().resolve("silver/" + table).toString();
            assertThat(partitionColumns(path)).as(table).isEmpty();
            assertThat(spark().read().format("delta").load(path).count()).as(table).isZero();
        }
    }

    private List<String> partitionColumns(String path) {
        return scala.jdk.javaapi.CollectionConverters.asJava(com.coderinsights.dw.spark.common.Lake.snapshot(spark(), path).metadata()
                .partitionColumns());
    }

    /**
     * Appends one entry to a pending table of silver, as a run writes it (the table is created, without partitions,
     * when it does not exist): {@code timeColumn} the bucket or hour, then the user and the run.
     */
    private void appendPending(String table, String timeColumn, String time, String user, String runId) {
        spark().createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(java.sql.Timestamp.from(Instant.parse(time)), user, runId)),
                        new org.apache.spark.sql.types.StructType().add(timeColumn, "timestamp").add("user_id", "string")
                                .add("run_id", "string"))
                .write().format("delta").mode("append").save(lake().resolve("silver/" + table).toString());
    }

    /** The v1 activity rows of the whole deployment: {@code HH user category=count}, sorted. */
    private List<String> v1() {
        return spark().read().format("delta").load(lake().resolve("gold/v1_activity_hourly").toString()).where("organization_id is null")
                .selectExpr("date_format(hour, 'HH')", "user_id", "category", "count").collectAsList().stream()
                .map(x -> x.getString(0) + " " + Landings.name(x.getString(1)) + " " + x.getString(2) + "=" + x.getLong(3)).sorted().toList();
    }

    @Test
    void decision4_appSessionsThatArriveBeforeTheirWorkspaceCountOnceItArrives() {
        apps(9, app(1, USER_B, WORKSPACE, "path", "code-server", uuid(1), t("09:05:00"), t("09:07:00"), 9));
        Pipeline.run(landing(), lake(), "run-1", AT);
        List<String> before = Pipeline.gold(lake());
        // the workspace snapshot comes three hours later: the 09:00 bucket is recomputed, nothing else
        write(landing(), "workspaces", DAY, 12, "workspaces.ndjson", Landings.workspaces());

        List<JobResult> r = Pipeline.run(landing(), lake(), "run-2", AT);

        assertThat(before).isEmpty();
        assertThat(r.get(1).count("user_buckets_touched_by_late_workspaces")).isEqualTo(1);
        assertThat(r.get(2).count("buckets_recomputed")).isEqualTo(1);
        assertThat(Pipeline.gold(lake())).containsExactly(
                "09:00-09:30 tmpl1 userB lat=null usage=2 ssh=0 sftp=0 pty=0 vscode=0 jetbrains=0 apps={\"code-server\":2}");
    }

    @Test
    void shouldQuarantineFactsDatedAfterTheirFileArrived() {
        agents(9,
                agent(t("09:10:05"), USER, TEMPLATE, WORKSPACE, "vscode=1", 1, 10),
                agent(t("12:30:00"), USER, TEMPLATE, WORKSPACE, "vscode=1", 1, 10));

        assertThat(gold()).containsExactly(
                "09:00-09:30 tmpl1 userA lat=10.0 usage=1 ssh=0 sftp=0 pty=0 vscode=1 jetbrains=0 apps=null");
        Row q = spark().read().format("delta").load(lake().resolve("silver/quarantine").toString())
                .select("stream", "_line", "reason").head();
        assertThat(q.getString(0)).isEqualTo("workspace_agent_stats");
        assertThat(q.getLong(1)).isEqualTo(2L);
        assertThat(q.getString(2)).contains("later than the end of its file's arrival hour");
    }

    @Test
    void shouldLeaveEveryTableIdenticalWhenRunTwice() {
        agents(9,
                agent(t("09:10:05"), USER, TEMPLATE, WORKSPACE, "vscode=1", 1, 10),
                agent(t("09:10:05"), USER, TEMPLATE, WORKSPACE, "vscode=1", 1, 10));
        apps(9, app(1, USER_B, WORKSPACE, "path", "code-server", uuid(1), t("09:05:00"), t("09:07:00"), 9));
        gold();
        var before = Pipeline.snapshot(lake(), true);
        var commitsBefore = Pipeline.commitLogs(lake());

        List<JobResult> again = Pipeline.run(landing(), lake(), "run-2", AT);

        assertThat(again.get(1).count("bronze_files_new")).isZero();
        assertThat(again.get(2).count("buckets_recomputed")).isZero();
        assertThat(Pipeline.snapshot(lake(), true)).isEqualTo(before);
        // no table got a new commit: every file of every table is byte for byte what it was
        assertThat(commitsBefore).isNotEmpty();
        assertThat(Pipeline.commitLogs(lake())).isEqualTo(commitsBefore);
        assertThat(AGENT).isNotNull();
    }
}
