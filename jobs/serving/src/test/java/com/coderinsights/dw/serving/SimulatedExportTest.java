package com.coderinsights.dw.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;

import com.coderinsights.dw.analytics.ApplyAnalytics;
import com.coderinsights.dw.analytics.Examples;
import com.coderinsights.dw.serving.export.ExportRunner;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The exporter and the API on a simulated deployment (40 workspaces, 3 days, every fault on), built by the real
 * simulator and pipeline: exporting twice gives identical serving tables; a run killed midway and restarted loses
 * nothing and duplicates nothing; the API's numbers equal the Trino example queries over the views.
 */
class SimulatedExportTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String FROM = "2026-11-02";
    private static final String TO = "2026-11-06";
    private static Map<String, List<String>> firstExport;
    private static String db;

    @BeforeAll
    static void simulateBuildAndExport() throws Exception {
        Path lake = ServingStack.newLake("simulated");
        Path landing = ServingStack.landing(lake);
        Process sim = new ProcessBuilder("bash", "-c", "source \"$0/scripts/lib/common.sh\" && DW_JAVA_OPTS=-Xmx1g dw_run_java simulator "
                + "com.coderinsights.dw.simulator.SimulateMain \"$@\"", ServingStack.ROOT.toString(), "--seed", "5", "--workspaces", "40",
                "--days", "3", "--out", landing.toString(), "--faults", "on").inheritIO().start();
        assertThat(sim.waitFor(5, TimeUnit.MINUTES) && sim.exitValue() == 0).as("the simulator ran").isTrue();
        ServingStack.runPipeline(landing, lake);
        ServingStack.apply(lake);
        db = ServingStack.database("simulated");
        List<ExportRunner.Outcome> first = ServingStack.export(db, FROM, TO);
        assertThat(first).extracting(ExportRunner.Outcome::status).containsOnly(BatchStatus.COMPLETED).hasSize(5);
        firstExport = ServingStack.servingTables(db);
    }

    @Test
    void exportingAgain_rewritesTheSameRows() {
        assertThat(firstExport.get("usage_buckets")).hasSizeGreaterThan(100);
        assertThat(firstExport.get("app_usage_buckets")).isNotEmpty();
        assertThat(firstExport.get("v1_activity_hourly")).isNotEmpty();
        assertThat(firstExport.get("build_parameters")).isNotEmpty();
        List<ExportRunner.Outcome> again = ServingStack.export(db, FROM, TO);
        assertThat(again).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(o.attempt()).isPositive();
        });
        assertThat(ServingStack.servingTables(db)).isEqualTo(firstExport);
        // every row now carries the new attempt's job instance: nothing was left from the first one
        assertThat(ServingStack.count(db, "SELECT count(*) FROM serving.usage_buckets WHERE export_id <> "
                + again.stream().filter(o -> o.job().equals("usageBucketsJob")).findFirst().orElseThrow().instanceId())).isZero();
    }

    @Test
    void aRunKilledMidwayIsRestartedWhereItStopped_withoutLossOrDuplicates() throws Exception {
        String killed = ServingStack.database("simulated_killed");
        // the child exports in chunks of 100 rows and stops writing after 700 (the crash stand-in), then we kill it
        Process child = ServingStack.exportProcess(killed, FROM, TO, "--dw.export.chunk-size=100", "--dw.export.pause-after-rows=700");
        Path log = ServingStack.ROOT.resolve("jobs/serving/target/export-child.log");
        long deadline = System.currentTimeMillis() + 180_000;
        while (!(Files.exists(log) && Files.readString(log).contains("pausing before"))) {
            assertThat(child.isAlive()).as("the child export pauses before it ends").isTrue();
            assertThat(System.currentTimeMillis()).as("the child paused in time").isLessThan(deadline);
            Thread.sleep(200);
        }
        child.destroyForcibly().waitFor();
        long written = ServingStack.count(killed, "SELECT (SELECT count(*) FROM serving.users) + (SELECT count(*) FROM serving.organizations)"
                + " + (SELECT count(*) FROM serving.organization_members) + (SELECT count(*) FROM serving.templates)"
                + " + (SELECT count(*) FROM serving.group_members) + (SELECT count(*) FROM serving.template_apps)"
                + " + (SELECT count(*) FROM serving.usage_buckets) + (SELECT count(*) FROM serving.app_usage_buckets)");
        long all = java.util.stream.Stream.of("users", "organizations", "organization_members", "templates", "group_members",
                "template_apps", "usage_buckets", "app_usage_buckets").mapToLong(t -> firstExport.get(t).size()).sum();
        assertThat(written).as("committed chunks before the kill: at least 700 rows, not all of them").isBetween(700L, all - 1);

        List<ExportRunner.Outcome> restarted = ServingStack.export(killed, FROM, TO);
        assertThat(restarted).extracting(ExportRunner.Outcome::status).containsOnly(BatchStatus.COMPLETED).hasSize(5);
        assertThat(restarted.stream().filter(ExportRunner.Outcome::restarted).map(ExportRunner.Outcome::attempt).toList())
                .as("the cut-off job instance was restarted, not started again").containsExactly(0L);
        assertThat(ServingStack.servingTables(killed)).isEqualTo(firstExport);
        // the restarted step went on after the committed chunks: over both executions each row was read once
        long rows = ServingStack.count(killed, "SELECT count(*) FROM serving.usage_buckets")
                + ServingStack.count(killed, "SELECT count(*) FROM serving.app_usage_buckets");
        long reads = ServingStack.count(killed, "SELECT sum(read_count) FROM batch_step_execution"
                + " WHERE step_name IN ('usageBucketsStep', 'appUsageBucketsStep')");
        assertThat(reads).isEqualTo(rows);
    }

    // ---- the API agrees with the Trino views -----------------------------------------------------------------------

    private static List<String> trino(String file, Map<String, String> params) throws SQLException {
        try (Connection c = ApplyAnalytics.connect(ServingStack.trino(), "analyst"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(Examples.sql(file, params))) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    row.add(v instanceof java.sql.Array a ? java.util.Arrays.toString((Object[]) a.getArray()) : String.valueOf(v));
                }
                out.add(String.join(" | ", row));
            }
            return out;
        }
    }

    private static Map<String, String> range(String start, String end, String templates) {
        return Map.of("start_time", Examples.ts(start), "end_time", Examples.ts(end), "template_ids", templates);
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    @Test
    void theApisNumbersEqualTheTrinoViews() throws Exception {
        String template;
        try (Connection c = ApplyAnalytics.connect(ServingStack.trino(), "analyst"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT template_id FROM analytics.template_usage GROUP BY template_id"
                     + " ORDER BY count(DISTINCT user_id) DESC, template_id LIMIT 1")) {
            rs.next();
            template = rs.getString(1);
        }
        try (ServingStack.Api api = ServingStack.api(db, "2026-11-06T00:10:00Z")) {
            String token = ServingStack.token(db, firstOwner());
            for (String[] r : List.of(new String[] {"2026-11-02T00:00:00Z", "2026-11-05T00:00:00Z", "2026-11-02 00:00:00 +00:00",
                    "2026-11-05 00:00:00 +00:00"}, new String[] {"2026-11-02T00:00:00%2B05:30", "2026-11-04T00:00:00%2B05:30",
                    "2026-11-02 00:00:00 +05:30", "2026-11-04 00:00:00 +05:30"})) {
                for (String one : List.of("", template)) {
                    String q = "start_time=" + r[0] + "&end_time=" + r[1] + (one.isEmpty() ? "" : "&template_ids=" + one);
                    String tids = one.isEmpty() ? Examples.templates() : Examples.templates(one);
                    String what = q;

                    List<String> activity = new ArrayList<>();
                    for (JsonNode u : get(api, token, "/api/v2/insights/user-activity?" + q).path("report").path("users")) {
                        activity.add(u.path("user_id").asString() + " | " + u.path("username").asString() + " | "
                                + u.path("avatar_url").asString() + " | " + ids(u.path("template_ids")) + " | " + u.path("seconds").asLong());
                    }
                    assertThat(activity).as("user activity %s", what).isNotEmpty()
                            .containsExactlyInAnyOrderElementsOf(trino("user_activity.sql", range(r[2], r[3], tids)));

                    List<String> latency = new ArrayList<>();
                    for (JsonNode u : get(api, token, "/api/v2/insights/user-latency?" + q).path("report").path("users")) {
                        latency.add(u.path("user_id").asString() + " | " + ids(u.path("template_ids")) + " | "
                                + u.path("latency_ms").path("p50").asDouble() + " | " + u.path("latency_ms").path("p95").asDouble());
                    }
                    List<String> expectedLatency = trino("user_latency.sql", range(r[2], r[3], tids)).stream().map(row -> {
                        String[] f = row.split(" \\| ");
                        return f[0] + " | " + f[3] + " | " + f[4] + " | " + f[5];
                    }).toList();
                    assertThat(latency).as("user latency %s", what).containsExactlyInAnyOrderElementsOf(expectedLatency);

                    JsonNode templates = get(api, token, "/api/v2/insights/templates?" + q + "&interval=day");
                    JsonNode report = templates.path("report");
                    assertThat(ids(report.path("template_ids")) + " | " + report.path("active_users").asLong()).as("report %s", what)
                            .isEqualTo(trino("insights_templates_report.sql", range(r[2], r[3], tids)).get(0));
                    List<String> apps = new ArrayList<>();
                    for (JsonNode a : report.path("apps_usage")) {
                        apps.add(a.path("type").asString() + " | " + a.path("slug").asString() + " | " + a.path("display_name").asString()
                                + " | " + a.path("icon").asString() + " | " + ids(a.path("template_ids")) + " | " + a.path("seconds").asLong()
                                + " | " + a.path("times_used").asLong());
                    }
                    assertThat(apps).as("apps %s", what).containsExactlyElementsOf(trino("insights_templates_apps.sql",
                            range(r[2], r[3], tids)).stream().map(row -> row.substring(0, row.lastIndexOf(" | "))).toList());
                    List<String> intervals = new ArrayList<>();
                    for (JsonNode i : templates.path("interval_reports")) {
                        intervals.add(ids(i.path("template_ids")) + " | " + i.path("active_users").asLong());
                    }
                    Map<String, String> daily = new java.util.HashMap<>(range(r[2], r[3], tids));
                    daily.put("interval_days", "1");
                    assertThat(intervals).as("intervals %s", what).containsExactlyElementsOf(trino("insights_templates_intervals.sql", daily)
                            .stream().map(row -> row.substring(row.indexOf(" | [", row.indexOf(" | ") + 3) + 3)).toList());
                    List<String> parameters = new ArrayList<>();
                    for (JsonNode p : report.path("parameters_usage")) {
                        for (JsonNode v : p.path("values")) {
                            parameters.add(ids(p.path("template_ids")) + " | " + p.path("name").asString() + " | " + p.path("type").asString()
                                    + " | " + p.path("display_name").asString() + " | " + v.path("value").asString() + " | "
                                    + v.path("count").asLong());
                        }
                    }
                    assertThat(parameters).as("parameters %s", what).containsExactlyElementsOf(trino("insights_templates_parameters.sql",
                            range(r[2], r[3], tids)).stream().map(row -> {
                                String[] f = row.split(" \\| ");
                                return String.join(" | ", f[0], f[1], f[2], f[3], f[f.length - 2], f[f.length - 1]);
                            }).toList());
                }
            }
        }
    }

    private static String firstOwner() {
        try (Connection c = java.sql.DriverManager.getConnection(db, "dw", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT username FROM serving.users WHERE 'owner' = ANY (rbac_roles) AND NOT deleted"
                     + " AND status <> 'suspended' ORDER BY username LIMIT 1")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode get(ServingStack.Api api, String token, String path) {
        var r = api.get(path, token);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
