package com.coderinsights.dw.analytics;

import static com.coderinsights.dw.analytics.Examples.report;
import static org.assertj.core.api.Assertions.assertThat;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.coderinsights.dw.core.io.FileTrees;
import com.coderinsights.dw.simulator.SimulateMain;
import com.coderinsights.dw.spark.jobs.gold.UsageTransforms;
import com.coderinsights.dw.spark.jobs.testing.Pipeline;
import com.coderinsights.dw.spark.jobs.testing.SparkTestBase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reports of {@code sql/examples/} computed by Trino over the views and by Spark SQL straight from the gold
 * and silver Delta tables (an independent implementation of SEMANTICS.md §4, written here) agree exactly on a
 * simulated deployment with every fault on: for all templates and for one template, over a range with a partial
 * first day in a +05:30 offset.
 */
class ViewsAgreeWithSparkTest extends SparkTestBase {

    private static Path lake;
    private static String template;
    private static final String FROM = "2026-11-02 00:00:00 +00:00";
    private static final String TO = "2026-11-05 00:00:00 +00:00";
    private static final String FROM_OFFSET = "2026-11-02 00:00:00 +05:30";
    private static final String TO_OFFSET = "2026-11-04 00:00:00 +05:30";

    @BeforeAll
    static void simulateAndBuild() throws java.io.IOException {
        lake = TrinoNode.newLake("simulated");
        Path landing = lake.resolveSibling("simulated-landing");
        FileTrees.delete(landing);
        SimulateMain.main(new String[] {"--seed", "5", "--workspaces", "40", "--days", "3", "--out", landing.toString(),
                "--faults", "on"});
        Pipeline.run(landing, lake, "simulated", Instant.parse("2026-11-06T00:00:00Z"));
        TrinoNode.apply(lake);
        SparkSession s = spark();
        s.read().format("delta").load(lake.resolve("gold/template_usage_stats").toString()).createOrReplaceTempView("g");
        for (String dim : List.of("users", "workspaces", "workspace_builds", "workspace_resources", "workspace_agents", "workspace_apps",
                "template_versions", "template_version_parameters", "workspace_build_parameters")) {
            s.read().format("delta").load(lake.resolve("silver").resolve(dim).toString()).createOrReplaceTempView(dim);
        }
        // the template with the most users: a one-template report that still has something in it
        template = s.sql("SELECT template_id FROM g GROUP BY template_id ORDER BY count(DISTINCT user_id) DESC, template_id LIMIT 1")
                .first().getString(0);
    }

    private static List<String> spark(String sql) {
        return rowsOf(spark().sql(sql));
    }

    private static List<String> rowsOf(org.apache.spark.sql.Dataset<Row> rows) {
        List<String> out = new ArrayList<>();
        for (Row r : rows.collectAsList()) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.length(); i++) {
                Object v = r.get(i);
                if (v instanceof scala.collection.Seq<?> seq) {
                    v = scala.jdk.javaapi.CollectionConverters.asJava(seq).toString();
                }
                b.append(i > 0 ? " | " : "").append(v);
            }
            out.add(b.toString());
        }
        return out;
    }

    /** The rows of the gold table in range for the template filter, as a Spark SQL subquery. */
    private static String rows(String from, String to, boolean oneTemplate) {
        return "(SELECT * FROM g WHERE start_time >= timestamp'" + iso(from) + "' AND end_time <= timestamp'" + iso(to) + "'"
                + (oneTemplate ? " AND template_id = '" + template + "'" : "") + ")";
    }

    private static String iso(String local) {
        return local.substring(0, 10) + "T" + local.substring(11, 19) + local.substring(20);
    }

    private static String[] templates(boolean oneTemplate) {
        return oneTemplate ? new String[] {template} : new String[0];
    }

    private static List<String> selectColumns(List<String> rows, int... columns) {
        List<String> out = new ArrayList<>();
        for (String r : rows) {
            String[] f = r.split(" \\| ", -1);
            StringBuilder b = new StringBuilder();
            for (int c : columns) {
                b.append(b.length() > 0 ? " | " : "").append(f[c]);
            }
            out.add(b.toString());
        }
        return out;
    }

    @Test
    void userActivityAgrees() {
        for (boolean one : new boolean[] {false, true}) {
            for (String[] range : List.of(new String[] {FROM, TO}, new String[] {FROM_OFFSET, TO_OFFSET})) {
                List<String> expected = spark("SELECT user_id, array_sort(collect_set(template_id)) AS t, sum(CASE WHEN rn = 1 THEN m ELSE 0 END) * 60 FROM ("
                        + " SELECT start_time, user_id, template_id, least(sum(usage_mins) OVER (PARTITION BY start_time, user_id), 30) AS m,"
                        + " row_number() OVER (PARTITION BY start_time, user_id ORDER BY template_id) AS rn FROM " + rows(range[0], range[1], one)
                        + ") GROUP BY user_id ORDER BY user_id");
                assertThat(expected).as("spark user activity").hasSizeGreaterThan(one ? 1 : 5);
                assertThat(selectColumns(report("user_activity.sql", range[0], range[1], templates(one)), 0, 3, 4))
                        .as("user activity %s %s", one, range[0]).isEqualTo(expected);
            }
        }
    }

    @Test
    void userLatencyAgrees() {
        for (boolean one : new boolean[] {false, true}) {
            // PostgreSQL's percentile_cont, which Coder runs (Spark's own percentile interpolates differently in the last bit)
            List<String> expected = rowsOf(spark().sql("SELECT user_id, array_sort(collect_list(CAST(median_latency_ms AS double))) AS v FROM "
                    + rows(FROM, TO, one) + " GROUP BY user_id ORDER BY user_id")
                    .select(col("user_id"), coalesce(UsageTransforms.percentileCont("v", 0.5), lit(-1.0)),
                            coalesce(UsageTransforms.percentileCont("v", 0.95), lit(-1.0))));
            assertThat(expected.stream().filter(r -> !r.endsWith("-1.0 | -1.0")).count()).isGreaterThan(1);
            assertThat(selectColumns(report("user_latency.sql", FROM, TO, templates(one)), 0, 4, 5)).as("latency %s", one)
                    .isEqualTo(expected);
        }
    }

    @Test
    void activeUsersAndDailyIntervalsAgree() {
        for (boolean one : new boolean[] {false, true}) {
            assertThat(report("insights_templates_report.sql", FROM, TO, templates(one)))
                    .isEqualTo(spark("SELECT array_sort(collect_set(template_id)), count(DISTINCT user_id) FROM " + rows(FROM, TO, one)));
            List<String> days = Examples.run("insights_templates_intervals.sql", Map.of("start_time", Examples.ts(FROM),
                    "end_time", Examples.ts(TO), "template_ids", Examples.templates(templates(one)), "interval_days", "1"));
            assertThat(selectColumns(days, 3)).isEqualTo(spark("SELECT count(DISTINCT user_id) FROM " + rows(FROM, TO, one)
                    + " GROUP BY to_date(start_time) ORDER BY to_date(start_time)"));
        }
    }

    @Test
    void appUsageAgrees() {
        for (boolean one : new boolean[] {false, true}) {
            String r = rows(FROM, TO, one);
            List<String> expected = new ArrayList<>();
            String[][] builtins = {{"vscode", "vscode_mins"}, {"jetbrains", "jetbrains_mins"}, {"reconnecting-pty", "reconnecting_pty_mins"},
                {"ssh", "ssh_mins"}, {"sftp", "sftp_mins"}};
            for (String[] b : builtins) {
                expected.addAll(spark("SELECT '" + b[0] + "', coalesce(array_sort(collect_set(CASE WHEN " + b[1] + " > 0 THEN template_id END)), array()),"
                        + " coalesce(sum(m), 0) * 60 FROM (SELECT start_time, user_id, template_id, " + b[1] + ","
                        + " CASE WHEN row_number() OVER (PARTITION BY start_time, user_id ORDER BY template_id) = 1"
                        + " THEN least(sum(" + b[1] + ") OVER (PARTITION BY start_time, user_id), 30) ELSE 0 END AS m FROM " + r + ")"));
            }
            String apps = "(SELECT template_id, slug, display_name, icon FROM (SELECT w.template_id, a.slug, coalesce(a.display_name, '') AS display_name,"
                    + " coalesce(a.icon, '') AS icon, row_number() OVER (PARTITION BY w.template_id, a.slug ORDER BY a.created_at DESC, a.id DESC) AS rn"
                    + " FROM workspaces w JOIN workspace_builds b ON b.workspace_id = w.id JOIN workspace_resources res ON res.job_id = b.job_id"
                    + " JOIN workspace_agents ag ON ag.resource_id = res.id JOIN workspace_apps a ON a.agent_id = ag.id) WHERE rn = 1)";
            String capped = "(SELECT g.start_time, g.user_id, ap.slug, ap.display_name, ap.icon, least(sum(g.minutes), 30) AS m,"
                    + " array_sort(collect_set(g.template_id)) AS t"
                    + " FROM (SELECT x.*, e.app_key, e.minutes FROM " + r + " x LATERAL VIEW explode(x.app_usage_mins) e AS app_key, minutes) g"
                    + " JOIN " + apps + " ap ON ap.template_id = g.template_id AND ap.slug = g.app_key"
                    + " GROUP BY g.start_time, g.user_id, ap.slug, ap.display_name, ap.icon)";
            expected.addAll(spark("SELECT c.slug, c.display_name, c.icon, array_sort(array_distinct(flatten(collect_list(c.t)))), sum(c.m) * 60,"
                    + " count(DISTINCT c.user_id, c.island) FROM (SELECT *, start_time - make_dt_interval(0, 0, 30 * dense_rank() OVER"
                    + " (PARTITION BY slug, display_name, icon, user_id ORDER BY start_time), 0) AS island FROM " + capped + ") c"
                    + " GROUP BY c.slug, c.display_name, c.icon ORDER BY c.slug, c.display_name, c.icon"));
            List<String> trino = report("insights_templates_apps.sql", FROM, TO, templates(one));
            List<String> actual = new ArrayList<>(selectColumns(trino.subList(0, 5), 1, 4, 5));
            actual.addAll(selectColumns(trino.subList(5, trino.size()), 1, 2, 3, 4, 5, 6));
            assertThat(trino.size()).isGreaterThan(5);
            assertThat(actual).as("apps %s", one).isEqualTo(expected);
        }
    }

    @Test
    void parameterUsageAgrees() {
        List<String> expected = spark("WITH latest AS (SELECT tv.template_id, b.workspace_id, max(b.build_number) AS n FROM workspace_builds b"
                + " JOIN template_versions tv ON tv.id = b.template_version_id WHERE b.created_at >= timestamp'" + iso(FROM) + "'"
                + " AND b.created_at < timestamp'" + iso(TO) + "' GROUP BY tv.template_id, b.workspace_id),"
                + " builds AS (SELECT b.id, l.template_id, b.template_version_id FROM latest l JOIN workspace_builds b"
                + " ON b.workspace_id = l.workspace_id AND b.build_number = l.n),"
                + " groups AS (SELECT array_sort(collect_set(b.template_id)) AS t, collect_set(b.id) AS ids, p.name, p.type,"
                + " coalesce(p.display_name, '') AS dn, coalesce(p.description, '') AS d, coalesce(p.options, '[]') AS o"
                + " FROM builds b JOIN template_version_parameters p ON p.template_version_id = b.template_version_id"
                + " GROUP BY p.name, p.type, coalesce(p.display_name, ''), coalesce(p.description, ''), coalesce(p.options, '[]'))"
                + " SELECT g.t, g.name, g.type, g.dn, g.d, g.o, v.value, count(v.value) FROM groups g JOIN workspace_build_parameters v"
                + " ON array_contains(g.ids, v.workspace_build_id) AND v.name = g.name"
                + " GROUP BY g.t, g.name, g.type, g.dn, g.d, g.o, v.value ORDER BY g.name, g.type, g.dn, g.d, g.o, v.value");
        assertThat(expected).hasSizeGreaterThan(3);
        assertThat(report("insights_templates_parameters.sql", FROM, TO)).isEqualTo(expected);
    }

    @Test
    void dailyRollupsSparkPrecomputedEqualTheHalfHourViews() {
        assertThat(TrinoNode.analyst("SELECT day, user_id, template_ids, usage_minutes, ssh_minutes, vscode_minutes, jetbrains_minutes,"
                + " reconnecting_pty_minutes FROM analytics.user_daily_usage ORDER BY day, user_id"))
                .hasSizeGreaterThan(40)
                .isEqualTo(TrinoNode.analyst("SELECT CAST(start_time AT TIME ZONE 'UTC' AS date) AS day, user_id,"
                        + " array_sort(array_distinct(flatten(array_agg(template_ids)))), sum(usage_minutes), sum(ssh_minutes),"
                        + " sum(vscode_minutes), sum(jetbrains_minutes), sum(reconnecting_pty_minutes)"
                        + " FROM analytics.user_usage GROUP BY 1, 2 ORDER BY 1, 2"));
        assertThat(TrinoNode.analyst("SELECT day, template_id, user_id, usage_minutes, usage_seconds FROM analytics.template_user_daily_usage"
                + " ORDER BY day, template_id, user_id"))
                .isEqualTo(TrinoNode.analyst("SELECT CAST(start_time AT TIME ZONE 'UTC' AS date), template_id, user_id, sum(usage_minutes),"
                        + " sum(usage_seconds) FROM analytics.template_usage GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"));
    }

    @Test
    void v1AnyIsTheUnionOfTheCategoriesMinutesPlusLogins() {
        // per user and hour over the whole deployment: any >= every category, <= their sum, and any - logins <= 60
        assertThat(TrinoNode.analyst("SELECT count(*) FROM (SELECT hour, user_id, sum(count) FILTER (WHERE category = 'any') AS any_count,"
                + " max(count) FILTER (WHERE category NOT IN ('any', 'login')) AS max_minutes,"
                + " coalesce(sum(count) FILTER (WHERE category NOT IN ('any', 'login')), 0) AS sum_minutes,"
                + " coalesce(sum(count) FILTER (WHERE category = 'login'), 0) AS logins"
                + " FROM analytics.v1_activity_hourly WHERE organization_id IS NULL GROUP BY hour, user_id)"
                + " WHERE any_count < coalesce(max_minutes, 0) + logins OR any_count > sum_minutes + logins OR any_count - logins > 60"))
                .containsExactly("0");
        assertThat(TrinoNode.analyst("SELECT count(*) > 100, count(DISTINCT category) FROM analytics.v1_activity_hourly"))
                .containsExactly("true | 6");
    }
}
