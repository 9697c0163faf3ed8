package com.coderinsights.dw.spark.jobs.silver;

import static com.coderinsights.dw.spark.jobs.testing.Landings.TEMPLATE;
import static com.coderinsights.dw.spark.jobs.testing.Landings.USER;
import static com.coderinsights.dw.spark.jobs.testing.Landings.agent;
import static com.coderinsights.dw.spark.jobs.testing.Landings.agent2026;
import static com.coderinsights.dw.spark.jobs.testing.Landings.agentStat;
import static com.coderinsights.dw.spark.jobs.testing.Landings.WORKSPACE;
import static com.coderinsights.dw.spark.jobs.testing.Landings.uuid;
import static com.coderinsights.dw.spark.jobs.testing.Landings.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.coderinsights.dw.spark.jobs.testing.Landings;
import com.coderinsights.dw.spark.jobs.testing.Pipeline;
import com.coderinsights.dw.spark.jobs.testing.SparkTestBase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Silver dimensions (latest version wins), connection logs (the disconnected copy wins) and login events. */
class SilverTablesTest extends SparkTestBase {

    @TempDir
    Path tmp;

    private static String user(String updatedAt, String status, String name) {
        return user(USER, updatedAt, status, name);
    }

    private static String user(String id, String updatedAt, String status, String name) {
        return "{\"id\":\"" + id + "\",\"email\":\"a@example.com\",\"username\":\"" + name + "\",\"created_at\":\"2026-01-01T00:00:00Z\","
                + "\"updated_at\":\"" + updatedAt + "\",\"status\":\"" + status + "\",\"rbac_roles\":[]}";
    }

    private static String conn(String id, String connectionId, String type, String disconnect) {
        return conn("2026-11-02T09:00:00Z", id, connectionId, type, disconnect);
    }

    private static String conn(String connectTime, String id, String connectionId, String type, String disconnect) {
        return "{\"id\":\"" + id + "\",\"connect_time\":\"" + connectTime + "\",\"organization_id\":\"" + uuid(9)
                + "\",\"workspace_owner_id\":\"" + USER + "\",\"workspace_id\":\"" + WORKSPACE + "\",\"workspace_name\":\"ws\","
                + "\"agent_name\":\"main\",\"type\":\"" + type + "\",\"code\":0,\"user_id\":\"" + USER + "\""
                + (connectionId == null ? "" : ",\"connection_id\":\"" + connectionId + "\"")
                + (disconnect == null ? "" : ",\"disconnect_time\":\"" + disconnect + "\"") + "}";
    }

    private static String audit(String id, String action, int status) {
        return audit("2026-11-02T08:55:00Z", id, action, status);
    }

    private static String audit(String time, String id, String action, int status) {
        return "{\"id\":\"" + id + "\",\"time\":\"" + time + "\",\"user_id\":\"" + USER + "\",\"resource_type\":\"api_key\","
                + "\"resource_id\":\"" + uuid(77) + "\",\"resource_target\":\"a\",\"action\":\"" + action + "\",\"status_code\":" + status + "}";
    }

    @Test
    void shouldKeepTheLatestDimensionTheDisconnectedConnectionAndEachLoginOnce() {
        Path landing = tmp.resolve("landing");
        Path lake = tmp.resolve("lake");
        // the newer user version arrives first, the older one later: the larger updated_at still wins
        write(landing, "users", "2026-11-02", 8, "u1.ndjson", List.of(user("2026-11-02T07:00:00Z", "suspended", "ada")));
        write(landing, "users", "2026-11-02", 9, "u2.ndjson", List.of(user("2026-11-01T07:00:00Z", "active", "ada-old")));
        write(landing, "connection_logs", "2026-11-02", 9, "c1.ndjson", List.of(
                conn(uuid(1), uuid(11), "ssh", null),
                conn(uuid(2), null, "workspace_app", null)));
        write(landing, "connection_logs", "2026-11-02", 10, "c2.ndjson", List.of(
                conn(uuid(1), uuid(11), "ssh", "2026-11-02T10:15:00Z"),
                conn(uuid(2), null, "workspace_app", null)));
        write(landing, "audit_logs", "2026-11-02", 9, "a.ndjson", List.of(
                audit(uuid(21), "login", 201), audit(uuid(21), "login", 201), audit(uuid(22), "login", 401),
                audit(uuid(23), "write", 200)));

        Pipeline.run(landing, lake, "run-1", Instant.parse("2026-11-03T00:00:00Z"));

        Row u = spark().read().format("delta").load(lake.resolve("silver/users").toString()).select("username", "status").head();
        assertThat(u.getString(0) + "/" + u.getString(1)).isEqualTo("ada/suspended");
        List<Row> conns = spark().read().format("delta").load(lake.resolve("silver/connection_logs").toString())
                .orderBy("id").select("id", "type", "disconnect_time").collectAsList();
        assertThat(conns).hasSize(2);
        assertThat(conns.get(0).getTimestamp(2).toInstant()).isEqualTo(Instant.parse("2026-11-02T10:15:00Z"));
        assertThat(conns.get(1).isNullAt(2)).isTrue();
        List<Row> logins = spark().read().format("delta").load(lake.resolve("silver/login_events").toString())
                .orderBy("id").select("id", "is_success").collectAsList();
        assertThat(logins).extracting(r -> r.getString(0) + "=" + r.getBoolean(1)).containsExactly(uuid(21) + "=true", uuid(22) + "=false");
    }

    @Test
    void shouldKeepTheLatestDimensionVersionAcrossRuns() {
        Path landing = tmp.resolve("landing");
        Path lake = tmp.resolve("lake");
        write(landing, "users", "2026-11-02", 8, "u1.ndjson", List.of(user("2026-11-02T07:00:00Z", "active", "ada")));
        Pipeline.run(landing, lake, "run-1", Instant.parse("2026-11-02T09:00:00Z"));
        // an older version arrives in a later run: silver keeps the newer one
        write(landing, "users", "2026-11-02", 9, "u2.ndjson", List.of(user("2026-11-01T07:00:00Z", "dormant", "ada-old")));
        Pipeline.run(landing, lake, "run-2", Instant.parse("2026-11-02T10:00:00Z"));
        assertThat(users(lake)).containsExactly("ada/active");
        // a newer one replaces it
        write(landing, "users", "2026-11-02", 10, "u3.ndjson", List.of(user("2026-11-02T09:30:00Z", "suspended", "ada")));
        Pipeline.run(landing, lake, "run-3", Instant.parse("2026-11-02T11:00:00Z"));
        assertThat(users(lake)).containsExactly("ada/suspended");
        // each run logged the files it processed, each once; a run with nothing new logs nothing
        Pipeline.run(landing, lake, "run-4", Instant.parse("2026-11-02T11:00:00Z"));
        assertThat(spark().read().format("delta").load(lake.resolve("silver/" + BuildSilverJob.PROCESSED).toString())
                .orderBy("source_file").collectAsList())
                .extracting(r -> r.<String>getAs("source_file").replaceAll(".*/", "") + " " + r.getAs("stream") + " " + r.getAs("run_id"))
                .containsExactly("u1.ndjson users run-1", "u2.ndjson users run-2", "u3.ndjson users run-3");
    }

    @Test
    void shouldAppendADimensionBatchOfNewKeysOnlyAndMergeOneWithAKeySilverHolds() {
        Path landing = tmp.resolve("landing");
        Path lake = tmp.resolve("lake");
        String b = uuid(52);
        String c = uuid(53);
        write(landing, "users", "2026-11-02", 8, "u1.ndjson", List.of(user("2026-11-02T07:00:00Z", "active", "ada")));
        Pipeline.run(landing, lake, "run-1", Instant.parse("2026-11-02T09:00:00Z"));
        // only a new key: appended
        write(landing, "users", "2026-11-02", 9, "u2.ndjson", List.of(user(b, "2026-11-02T08:00:00Z", "active", "bob")));
        Pipeline.run(landing, lake, "run-2", Instant.parse("2026-11-02T10:00:00Z"));
        assertThat(users(lake)).containsExactlyInAnyOrder("ada/active", "bob/active");
        assertThat(lastOperation(lake, "users")).isEqualTo("WRITE");
        // a newer version of bob beside a new key: merged (appending would keep both of bob's versions)
        write(landing, "users", "2026-11-02", 10, "u3.ndjson", List.of(
                user(b, "2026-11-02T09:30:00Z", "suspended", "bob"), user(c, "2026-11-02T09:00:00Z", "active", "cy")));
        Pipeline.run(landing, lake, "run-3", Instant.parse("2026-11-02T11:00:00Z"));
        assertThat(users(lake)).containsExactlyInAnyOrder("ada/active", "bob/suspended", "cy/active");
        assertThat(lastOperation(lake, "users")).isEqualTo("MERGE");
        // an older version of ada sent again, alone: merged, and it changes nothing
        write(landing, "users", "2026-11-02", 11, "u4.ndjson", List.of(user("2026-11-01T07:00:00Z", "dormant", "ada-old")));
        Pipeline.run(landing, lake, "run-4", Instant.parse("2026-11-02T12:00:00Z"));
        assertThat(users(lake)).containsExactlyInAnyOrder("ada/active", "bob/suspended", "cy/active");
    }

    private String lastOperation(Path lake, String table) {
        return io.delta.tables.DeltaTable.forPath(spark(), lake.resolve("silver/" + table).toString()).history(1)
                .select("operation").as(org.apache.spark.sql.Encoders.STRING()).first();
    }

    @Test
    void shouldKeepOneCopyOfAReportSentAgainInALaterFileOrTwiceInOne() {
        Path landing = tmp.resolve("landing");
        Path lake = tmp.resolve("lake");
        String r1 = agentStat(uuid(1), "2026-11-02T09:10:00Z", 1, 5.0);
        String r2 = agentStat(uuid(2), "2026-11-02T09:20:00Z", 1, 7.0);
        String r3 = agentStat(uuid(3), "2026-11-02T09:40:00Z", 1, 9.0);
        write(landing, "workspace_agent_stats", "2026-11-02", 9, "a.ndjson", List.of(r1, r2));
        Pipeline.run(landing, lake, "run-1", Instant.parse("2026-11-02T10:00:00Z"));
        // three hours later: a copy of r1 (already in silver), and r3 twice (late, and copied within the file)
        write(landing, "workspace_agent_stats", "2026-11-02", 12, "b.ndjson", List.of(r3, r1, r3));

        List<com.coderinsights.dw.spark.common.JobResult> r = Pipeline.run(landing, lake, "run-2", Instant.parse("2026-11-02T13:00:00Z"));

        assertThat(r.get(1).count("agent_stats_new_rows")).isEqualTo(1);
        assertThat(r.get(1).count("agent_stats_copies_skipped")).isEqualTo(2);
        assertThat(silverReports(lake)).containsExactly("1@a.ndjson:1", "2@a.ndjson:2", "3@b.ndjson:1");
    }

    /** Silver's agent reports by id: the id's last digit, and the file and line its copy came from. */
    private List<String> silverReports(Path lake) {
        return spark().read().format("delta").load(lake.resolve("silver/workspace_agent_stats").toString())
                .orderBy("id").select("id", "_source_file", "_line").collectAsList().stream()
                .map(x -> x.getString(0).substring(35) + "@" + x.getString(1).replaceAll(".*/", "") + ":" + x.getLong(2)).toList();
    }

    @Test
    void shouldFindACopyOfSilversLatestReportThoughDeltaKeepsTimestampStatisticsInMilliseconds() {
        Path landing = tmp.resolve("landing");
        Path lake = tmp.resolve("lake");
        // r2 is silver's latest report; its microseconds are below the millisecond its file's statistics keep
        String r1 = agentStat(uuid(1), "2026-11-02T09:10:00Z", 1, 5.0);
        String r2 = agentStat(uuid(2), "2026-11-02T09:20:00.000500Z", 1, 7.0);
        write(landing, "workspace_agent_stats", "2026-11-02", 9, "a.ndjson", List.of(r1, r2));
        Pipeline.run(landing, lake, "run-1", Instant.parse("2026-11-02T10:00:00Z"));
        // later: r2 again, and a new report dated after everything silver holds
        String r3 = agentStat(uuid(3), "2026-11-02T11:00:00Z", 1, 9.0);
        write(landing, "workspace_agent_stats", "2026-11-02", 11, "b.ndjson", List.of(r2, r3));

        List<com.coderinsights.dw.spark.common.JobResult> r = Pipeline.run(landing, lake, "run-2", Instant.parse("2026-11-02T12:00:00Z"));

        assertThat(r.get(1).count("agent_stats_new_rows")).isEqualTo(1);
        assertThat(r.get(1).count("agent_stats_copies_skipped")).isEqualTo(1);
        assertThat(silverReports(lake)).containsExactly("1@a.ndjson:1", "2@a.ndjson:2", "3@b.ndjson:2");
    }

    @Test
    void shouldSkipMoreCopiesOfEarlierReportsThanASetOfLiteralsHolds() {
        Path landing = tmp.resolve("landing");
        Path lake = tmp.resolve("lake");
        // more copies than the set of literals holds (10,000): silver's copies of them are joined instead
        int n = 10_001;
        List<String> reports = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            reports.add(agentStat(uuid(1_000_000 + i), "2026-11-02T09:%02d:%02d.%03dZ".formatted(i / 600 % 60, i / 10 % 60, i % 10), 1, 5.0));
        }
        write(landing, "workspace_agent_stats", "2026-11-02", 9, "a.ndjson", reports);
        Pipeline.run(landing, lake, "run-1", Instant.parse("2026-11-02T10:00:00Z"));
        List<String> again = new java.util.ArrayList<>(reports);
        again.add(agentStat(uuid(2_000_000), "2026-11-02T09:30:00Z", 1, 5.0));
        write(landing, "workspace_agent_stats", "2026-11-02", 10, "b.ndjson", again);

        List<com.coderinsights.dw.spark.common.JobResult> r = Pipeline.run(landing, lake, "run-2", Instant.parse("2026-11-02T11:00:00Z"));

        assertThat(r.get(1).count("agent_stats_new_rows")).isEqualTo(1);
        assertThat(r.get(1).count("agent_stats_copies_skipped")).isEqualTo(n);
        Dataset<Row> silver = spark().read().format("delta").load(lake.resolve("silver/workspace_agent_stats").toString());
        assertThat(silver.count()).isEqualTo(n + 1);
        assertThat(silver.where("_source_file like '%b.ndjson'").select("id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
                .containsExactly(uuid(2_000_000));
    }

    @Test
    void shouldKeepOnlyTheReportsWithASessionOrALatencySampleAndCountTheIdleOnes() {
        Path landing = tmp.resolve("landing");
        Path lake = tmp.resolve("lake");
        String at = "2026-11-02T09:0%d:00Z";
        write(landing, "workspace_agent_stats", "2026-11-02", 9, "a.ndjson", List.of(
                agent(at.formatted(1), USER, TEMPLATE, WORKSPACE, "vscode=1", 1, 5.0),      // a session
                agent(at.formatted(2), USER, TEMPLATE, WORKSPACE, "", 1, 12.5),             // a latency sample only
                agent(at.formatted(3), USER, TEMPLATE, WORKSPACE, "", 0, 0.0),              // idle
                agent(at.formatted(4), USER, TEMPLATE, WORKSPACE, "", 1, -1.0),             // idle, connected
                agent2026(at.formatted(5), USER, TEMPLATE, WORKSPACE, "cursor=2", 1, -1.0), // a 2026 session
                agent2026(at.formatted(6), USER, TEMPLATE, WORKSPACE, "vscode=0,ssh=0", 1, 0.0),
                agent2026(at.formatted(7), USER, TEMPLATE, WORKSPACE, "", 0, 0.0),
                // looks like a positive count to the cheap text test, but is a zero count: idle
                agent2026(at.formatted(8), USER, TEMPLATE, WORKSPACE, "x:1=0", 1, 0.0),
                // idle, but dated after its file's arrival hour and the skew: quarantined, so bronze must not set it apart
                agent(at.formatted(9).replace("T09:", "T11:"), USER, TEMPLATE, WORKSPACE, "", 0, 0.0)));

        List<com.coderinsights.dw.spark.common.JobResult> r = Pipeline.run(landing, lake, "run-1", Instant.parse("2026-11-02T10:00:00Z"));

        assertThat(r.get(1).count("agent_stats_new_rows")).isEqualTo(3);
        assertThat(r.get(1).count("agent_stats_idle_reports")).isEqualTo(5);
        assertThat(r.get(1).count("agent_stats_copies_skipped")).isZero();
        assertThat(r.get(1).count("quarantined_future_rows")).isEqualTo(1);
        List<Row> rows = spark().read().format("delta").load(lake.resolve("silver/workspace_agent_stats").toString())
                .orderBy("created_at").select("created_at", "has_session").collectAsList();
        assertThat(rows).extracting(x -> x.getTimestamp(0).toInstant().toString().substring(14, 16) + "/" + x.getBoolean(1))
                .containsExactly("01/true", "02/false", "05/true");
        assertThat(spark().read().format("delta").load(lake.resolve("silver/quarantine").toString()).select("event_time")
                .as(org.apache.spark.sql.Encoders.TIMESTAMP()).collectAsList())
                .extracting(java.sql.Timestamp::toInstant).containsExactly(Instant.parse("2026-11-02T11:09:00Z"));
        // the idle reports stay in bronze, in a partition of their own that silver does not read: nothing is lost.
        // The cheap test keeps 08 (its key looks like a positive count) and the future one in the other partition.
        Dataset<Row> bronze = spark().read().format("delta").load(lake.resolve("bronze/workspace_agent_stats").toString());
        assertThat(bronze.orderBy("created_at").select("created_at", "_idle").collectAsList())
                .extracting(x -> x.getTimestamp(0).toInstant().toString().substring(11, 16) + "/" + x.getBoolean(1))
                .containsExactly("09:01/false", "09:02/false", "09:03/true", "09:04/true", "09:05/false", "09:06/true", "09:07/true",
                        "09:08/false", "11:09/false");
        assertThat(new java.io.File(lake.resolve("bronze/workspace_agent_stats/_arrival_date=2026-11-02").toString()).list())
                .containsExactlyInAnyOrder("_idle=true", "_idle=false");
    }

    @Test
    void shouldFindTheCopiesEarlierRunsWroteWhenMergingOnlyTheSourceHoursOfTheTarget() {
        Path landing = tmp.resolve("landing");
        Path lake = tmp.resolve("lake");
        // run 1, hour 9: an open app session, an open connection, a login
        write(landing, "workspace_app_stats", "2026-11-02", 9, "s1.ndjson", List.of(
                Landings.appStat(1, uuid(31), "2026-11-02T09:10:00Z", "2026-11-02T09:20:00Z", 3)));
        write(landing, "connection_logs", "2026-11-02", 9, "c1.ndjson", List.of(conn(uuid(1), uuid(11), "ssh", null)));
        write(landing, "audit_logs", "2026-11-02", 9, "a1.ndjson", List.of(audit(uuid(21), "login", 201)));
        Pipeline.run(landing, lake, "run-1", Instant.parse("2026-11-02T10:00:00Z"));
        // run 2, hour 12: the session re-reported (ended later), the connection closed, the login sent again, each
        // dated in hour 9 (the hours the merge looks at come from the key's start, not from the update); and new ones
        // of hour 11, so the target side of each merge is not every hour
        write(landing, "workspace_app_stats", "2026-11-02", 12, "s2.ndjson", List.of(
                Landings.appStat(2, uuid(31), "2026-11-02T09:10:00Z", "2026-11-02T11:40:00Z", 9),
                Landings.appStat(3, uuid(32), "2026-11-02T11:00:00Z", "2026-11-02T11:05:00Z", 1)));
        write(landing, "connection_logs", "2026-11-02", 12, "c2.ndjson", List.of(
                conn(uuid(1), uuid(11), "ssh", "2026-11-02T11:50:00Z"),
                conn("2026-11-02T11:30:00Z", uuid(2), uuid(12), "ssh", null)));
        write(landing, "audit_logs", "2026-11-02", 12, "a2.ndjson", List.of(
                audit(uuid(21), "login", 201), audit("2026-11-02T11:30:00Z", uuid(22), "login", 201)));

        Pipeline.run(landing, lake, "run-2", Instant.parse("2026-11-02T13:00:00Z"));

        assertThat(spark().read().format("delta").load(lake.resolve("silver/workspace_app_sessions").toString())
                .orderBy("session_id").select("session_id", "session_ended_at", "requests").collectAsList())
                .extracting(r -> r.getString(0).substring(34) + "@" + r.getTimestamp(1).toInstant() + "/" + ((Number) r.get(2)).longValue())
                .containsExactly("31@2026-11-02T11:40:00Z/9", "32@2026-11-02T11:05:00Z/1");
        assertThat(spark().read().format("delta").load(lake.resolve("silver/connection_logs").toString())
                .orderBy("id").select("id", "disconnect_time").collectAsList())
                .extracting(r -> r.getString(0).substring(34) + "@" + (r.isNullAt(1) ? "open" : r.getTimestamp(1).toInstant().toString()))
                .containsExactly("01@2026-11-02T11:50:00Z", "02@open");
        assertThat(spark().read().format("delta").load(lake.resolve("silver/login_events").toString()).orderBy("id")
                .select("id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
                .containsExactly(uuid(21), uuid(22));
    }

    private List<String> users(Path lake) {
        return spark().read().format("delta").load(lake.resolve("silver/users").toString()).select("username", "status")
                .collectAsList().stream().map(x -> x.getString(0) + "/" + x.getString(1)).toList();
    }
}
