package com.coderinsights.dw.analytics;

import static com.coderinsights.dw.analytics.Examples.report;
import static com.coderinsights.dw.analytics.Examples.templates;
import static com.coderinsights.dw.analytics.Examples.ts;
import static com.coderinsights.dw.analytics.SmallDeployment.A;
import static com.coderinsights.dw.analytics.SmallDeployment.B;
import static com.coderinsights.dw.analytics.SmallDeployment.C;
import static com.coderinsights.dw.analytics.SmallDeployment.ORG_ACME;
import static com.coderinsights.dw.analytics.SmallDeployment.ORG_BETA;
import static com.coderinsights.dw.analytics.SmallDeployment.T1;
import static com.coderinsights.dw.analytics.SmallDeployment.T2;
import static com.coderinsights.dw.analytics.SmallDeployment.T3;
import static com.coderinsights.dw.analytics.TrinoNode.analyst;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every view and every example query of {@code sql/} through the Trino JDBC driver, on the hand-made
 * {@link SmallDeployment} (see its table for the raw rows; every expected number below is counted from it),
 * with one test per report-level rule of SEMANTICS.md §12 (rules 7, 8, 10, 11, 12, 16, 17).
 */
class AnalyticsViewsTest {

    private static final String FROM = "2026-11-02 00:00:00 +00:00";
    private static final String TO = "2026-11-04 00:00:00 +00:00";

    @BeforeAll
    static void buildLake() {
        Path lake = TrinoNode.newLake("small-deployment");
        SmallDeployment.build(lake.resolveSibling("small-deployment-landing"), lake);
        TrinoNode.apply(lake);
    }

    // ---- the views -------------------------------------------------------------------------------------

    @Test
    void templateUsage_isTheRollupWithNamesAndUnitsInColumnNames() {
        assertThat(analyst("SELECT count(*) FROM analytics.template_usage")).containsExactly("12");
        assertThat(analyst("SELECT template_name, template_display_name, organization_name, username, avatar_url, usage_minutes,"
                + " usage_seconds, vscode_minutes, ssh_minutes, median_latency_ms FROM analytics.template_usage"
                + " WHERE start_time = TIMESTAMP '2026-11-02 10:00 UTC' AND user_id = '" + A + "' ORDER BY template_name"))
                .containsExactly(
                        "go | GO | acme | alice | https://example.com/alice.png | 20 | 1200 | 0 | 20 | null",
                        "python | PYTHON | acme | alice | https://example.com/alice.png | 20 | 1200 | 20 | 0 | 10.0");
        assertThat(analyst("SELECT usage_minutes, CAST(app_usage_minutes AS json) FROM analytics.template_usage"
                + " WHERE start_time = TIMESTAMP '2026-11-02 14:00 UTC' AND user_id = '" + B + "'"))
                .containsExactly("7 | {\"8080\":5,\"[terminal]\":2}");
    }

    @Test
    void userUsage_capsEachKindOfMinuteAt30PerHalfHourOverTemplates() {
        assertThat(analyst("SELECT template_ids, usage_minutes, usage_seconds, vscode_minutes, ssh_minutes FROM analytics.user_usage"
                + " WHERE start_time = TIMESTAMP '2026-11-02 10:00 UTC' AND user_id = '" + A + "'"))
                .containsExactly("[" + T1 + ", " + T2 + "] | 30 | 1800 | 20 | 20");
    }

    @Test
    void activeUserViews_countDistinctUsersPerDayAndWeek_perTemplateAndOrganization() {
        assertThat(analyst("SELECT day, active_users, template_ids FROM analytics.daily_active_users ORDER BY day")).containsExactly(
                "2026-11-02 | 3 | [" + T3 + ", " + T1 + ", " + T2 + "]",
                "2026-11-03 | 1 | [" + T1 + "]",
                "2026-11-05 | 1 | [" + T1 + "]");
        assertThat(analyst("SELECT template_name, organization_id, active_users FROM analytics.template_daily_active_users"
                + " WHERE day = DATE '2026-11-02' ORDER BY template_name"))
                .containsExactly("go | " + ORG_ACME + " | 1", "gpu | " + ORG_BETA + " | 1", "python | " + ORG_ACME + " | 2");
        assertThat(analyst("SELECT organization_name, active_users, template_ids FROM analytics.organization_daily_active_users"
                + " WHERE day = DATE '2026-11-02' ORDER BY organization_name"))
                .containsExactly("acme | 2 | [" + T1 + ", " + T2 + "]", "beta | 1 | [" + T3 + "]");
        // 2026-11-02 is a Monday: the whole fixture is one ISO week
        assertThat(analyst("SELECT week_start, template_name, active_users FROM analytics.template_weekly_active_users ORDER BY template_name"))
                .containsExactly("2026-11-02 | go | 1", "2026-11-02 | gpu | 1", "2026-11-02 | python | 2");
        assertThat(analyst("SELECT week_start, organization_name, active_users FROM analytics.organization_weekly_active_users"
                + " ORDER BY organization_name")).containsExactly("2026-11-02 | acme | 2", "2026-11-02 | beta | 1");
    }

    @Test
    void templateApps_keepsTheMostRecentlyCreatedDefinitionPerTemplateAndSlug() {
        assertThat(analyst("SELECT template_id, slug, display_name, icon FROM analytics.template_apps ORDER BY slug"))
                .containsExactly(T1 + " | code-server | VS Code Web | /icon/code-web.svg", T3 + " | jupyter | Jupyter | /icon/jupyter.svg");
    }

    @Test
    void appUsage_splitsBuiltinsAppsPortsAndTerminalSessions() {
        assertThat(analyst("SELECT app_type, slug, display_name, icon, usage_minutes, usage_seconds FROM analytics.app_usage"
                + " WHERE start_time = TIMESTAMP '2026-11-02 14:00 UTC' ORDER BY slug"))
                .containsExactly("port | 8080 | 8080 |  | 5 | 300", "terminal | [terminal] | [terminal] |  | 2 | 120");
        assertThat(analyst("SELECT user_id, app_type, slug, display_name, usage_minutes FROM analytics.app_usage"
                + " WHERE start_time = TIMESTAMP '2026-11-02 10:00 UTC' ORDER BY user_id, slug"))
                .containsExactly(
                        C + " | app | code-server | VS Code Web | 10",
                        A + " | builtin | ssh | SSH | 20",
                        A + " | builtin | vscode | Visual Studio Code | 20",
                        B + " | app | jupyter | Jupyter | 25");
    }

    @Test
    void userDailyLatency_isTheExactPercentileOfTheDaysHalfHourMedians() {
        List<String> rows = analyst("SELECT day, user_id, latency_samples, p50_latency_ms, p95_latency_ms FROM analytics.user_daily_latency"
                + " ORDER BY day, user_id");
        assertThat(rows).hasSize(5);
        // alice on 11-02: medians 10, 20, 40 (the go half hour has no sample): p50 = 20, p95 = 20 + 0.9 x 20
        String alice = rows.stream().filter(r -> r.startsWith("2026-11-02 | " + A)).findFirst().orElseThrow();
        String[] f = alice.split(" \\| ");
        assertThat(f[2]).isEqualTo("3");
        assertThat(Double.parseDouble(f[3])).isEqualTo(20.0);
        assertThat(Double.parseDouble(f[4])).isCloseTo(38.0, within(1e-9));
        assertThat(rows).contains("2026-11-02 | " + B + " | 0 | -1.0 | -1.0", "2026-11-03 | " + A + " | 1 | 100.0 | 100.0");
    }

    @Test
    void workspaceBuildParameters_joinValuesToTheirDefinitionsAndTemplates() {
        assertThat(analyst("SELECT workspace_id, template_id, build_number, name, type, display_name, description, value"
                + " FROM analytics.workspace_build_parameters ORDER BY build_created_at, name"))
                .containsExactly(
                        SmallDeployment.W2 + " | " + T2 + " | 1 | region | string | Region | Where it runs | asia",
                        SmallDeployment.W1 + " | " + T1 + " | 1 | region | string | Region | Where it runs | eu",
                        SmallDeployment.W1 + " | " + T1 + " | 2 | region | string | Region | Where it runs | us",
                        SmallDeployment.W3 + " | " + T3 + " | 1 | gpus | number | GPUs |  | 2",
                        SmallDeployment.W3 + " | " + T3 + " | 1 | region | string | Region | Where it runs | eu");
    }

    @Test
    void everyViewColumnHasAComment() {
        assertThat(analyst("SELECT table_name || '.' || column_name FROM information_schema.columns"
                + " WHERE table_schema = 'analytics' AND (comment IS NULL OR comment = '')")).isEmpty();
        assertThat(analyst("SELECT count(DISTINCT table_name) FROM information_schema.columns WHERE table_schema = 'analytics'"))
                .containsExactly(String.valueOf(ApplyAnalytics.viewFiles(TrinoNode.ROOT.resolve("sql")).size()));
    }

    // ---- the report-level rules, through the example queries ---------------------------------------------

    @Test
    void rule7_aUsersMinutesAreCappedAt30PerHalfHourOverTheSelectedTemplates() {
        // alice: 20 min in python + 20 min in go in the 10:00 half hour count 30, then 1 + 1 + 1 minutes
        assertThat(report("user_activity.sql", FROM, TO)).containsExactly(
                C + " | carol |  | [" + T1 + "] | 1800",
                A + " | alice | https://example.com/alice.png | [" + T1 + ", " + T2 + "] | 1980",
                B + " | bob |  | [" + T3 + "] | 3300");
        // with python alone nothing is capped: 20 + 3 minutes
        assertThat(report("user_activity.sql", FROM, TO, T1)).containsExactly(
                C + " | carol |  | [" + T1 + "] | 1800",
                A + " | alice | https://example.com/alice.png | [" + T1 + "] | 1380");
    }

    @Test
    void rule6_onlyHalfHoursWhollyInsideTheRangeCount_inTheRequestsOffset() {
        // [2026-11-01 18:15Z, 2026-11-02 18:15Z): carol's 18:00-18:30 half hour ends after the range, alice's 11-03 minute is outside
        assertThat(report("user_activity.sql", "2026-11-02 00:00:00 +05:45", "2026-11-03 00:00:00 +05:45")).containsExactly(
                C + " | carol |  | [" + T1 + "] | 600",
                A + " | alice | https://example.com/alice.png | [" + T1 + ", " + T2 + "] | 1920",
                B + " | bob |  | [" + T3 + "] | 3300");
    }

    @Test
    void rule8_activeUsersAreDistinctUsersWithAHalfHourInRange() {
        assertThat(report("insights_templates_report.sql", FROM, TO)).containsExactly("[" + T3 + ", " + T1 + ", " + T2 + "] | 3");
        assertThat(report("insights_templates_report.sql", FROM, TO, T2)).containsExactly("[" + T2 + "] | 1");
        assertThat(report("insights_templates_report.sql", "2026-11-06 00:00:00 +00:00", "2026-11-07 00:00:00 +00:00"))
                .containsExactly("[] | 0");
    }

    @Test
    void rule8_intervalsStepByWholeDaysFromTheStart_emptyOnesHave0_theLastIsTruncated() {
        List<String> days = Examples.run("insights_templates_intervals.sql", Map.of("start_time", ts("2026-11-02 00:00:00 +00:00"),
                "end_time", ts("2026-11-06 00:00:00 +00:00"), "template_ids", templates(), "interval_days", "1"));
        assertThat(days).containsExactly(
                "2026-11-02 00:00:00.000 UTC | 2026-11-03 00:00:00.000 UTC | [" + T3 + ", " + T1 + ", " + T2 + "] | 3",
                "2026-11-03 00:00:00.000 UTC | 2026-11-04 00:00:00.000 UTC | [" + T1 + "] | 1",
                "2026-11-04 00:00:00.000 UTC | 2026-11-05 00:00:00.000 UTC | [] | 0",
                "2026-11-05 00:00:00.000 UTC | 2026-11-06 00:00:00.000 UTC | [" + T1 + "] | 1");
        List<String> weeks = Examples.run("insights_templates_intervals.sql", Map.of("start_time", ts("2026-11-02 00:00:00 +00:00"),
                "end_time", ts("2026-11-15 00:00:00 +00:00"), "template_ids", templates(), "interval_days", "7"));
        assertThat(weeks).containsExactly(
                "2026-11-02 00:00:00.000 UTC | 2026-11-09 00:00:00.000 UTC | [" + T3 + ", " + T1 + ", " + T2 + "] | 3",
                "2026-11-09 00:00:00.000 UTC | 2026-11-15 00:00:00.000 UTC | [] | 0");
        // in +05:45 the days start at 18:15 UTC: carol's 18:00 half hour straddles the boundary and counts in neither
        List<String> offset = Examples.run("insights_templates_intervals.sql", Map.of("start_time", ts("2026-11-02 00:00:00 +05:45"),
                "end_time", ts("2026-11-04 00:00:00 +05:45"), "template_ids", templates(T1), "interval_days", "1"));
        assertThat(offset).containsExactly(
                "2026-11-02 00:00:00.000 +05:45 | 2026-11-03 00:00:00.000 +05:45 | [" + T1 + "] | 2",
                "2026-11-03 00:00:00.000 +05:45 | 2026-11-04 00:00:00.000 +05:45 | [" + T1 + "] | 1");
    }

    @Test
    void rule10_userLatencyIsTheExactInterpolatedPercentileOfHalfHourMedians_orMinus1() {
        List<String> rows = report("user_latency.sql", FROM, TO);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).isEqualTo(C + " | carol |  | [" + T1 + "] | -1.0 | -1.0");
        assertThat(rows.get(2)).isEqualTo(B + " | bob |  | [" + T3 + "] | -1.0 | -1.0");
        // alice: medians 10, 20, 40, 100 (the go half hour has none): p50 = 30, p95 = 40 + 0.85 x 60 = 91
        String[] alice = rows.get(1).split(" \\| ");
        assertThat(alice[0]).isEqualTo(A);
        assertThat(Double.parseDouble(alice[4])).isEqualTo(30.0);
        assertThat(Double.parseDouble(alice[5])).isCloseTo(91.0, within(1e-9));
    }

    @Test
    void rule11_timesUsedCountsRunsOfConsecutiveHalfHours() {
        List<String> rows = report("insights_templates_apps.sql", FROM, TO);
        // bob's jupyter: 10:00 and 10:30 (one run: a session across the boundary), 12:00 (two sessions, one run) = 2;
        // carol's code-server: 10:00 and 18:00 = 2
        assertThat(rows).contains(
                "app | code-server | VS Code Web | /icon/code-web.svg | [" + T1 + "] | 1800 | 2 | 1",
                "app | jupyter | Jupyter | /icon/jupyter.svg | [" + T3 + "] | 2880 | 2 | 1");
    }

    @Test
    void rule17_builtinRowsAreAlwaysPresentInOrder_thenAppsBySlug() {
        assertThat(report("insights_templates_apps.sql", FROM, TO)).containsExactly(
                "builtin | vscode | Visual Studio Code | /icon/code.svg | [" + T1 + "] | 1380 | 0 | 1",
                "builtin | jetbrains | JetBrains | /icon/intellij.svg | [] | 0 | 0 | 0",
                "builtin | reconnecting-pty | Web Terminal | /icon/terminal.svg | [] | 0 | 0 | 0",
                "builtin | ssh | SSH | /icon/terminal.svg | [" + T2 + "] | 1200 | 0 | 1",
                "builtin | sftp | SFTP | /icon/terminal.svg | [] | 0 | 0 | 0",
                "app | code-server | VS Code Web | /icon/code-web.svg | [" + T1 + "] | 1800 | 2 | 1",
                "app | jupyter | Jupyter | /icon/jupyter.svg | [" + T3 + "] | 2880 | 2 | 1");
        assertThat(report("insights_templates_apps.sql", FROM, TO, T2)).containsExactly(
                "builtin | vscode | Visual Studio Code | /icon/code.svg | [] | 0 | 0 | 0",
                "builtin | jetbrains | JetBrains | /icon/intellij.svg | [] | 0 | 0 | 0",
                "builtin | reconnecting-pty | Web Terminal | /icon/terminal.svg | [] | 0 | 0 | 0",
                "builtin | ssh | SSH | /icon/terminal.svg | [" + T2 + "] | 1200 | 0 | 1",
                "builtin | sftp | SFTP | /icon/terminal.svg | [] | 0 | 0 | 0");
    }

    @Test
    void rule12_parameterUsageCountsEachWorkspacesLatestBuildInRange_identicalDefinitionsMerge() {
        List<String> rows = report("insights_templates_parameters.sql", FROM, TO);
        assertThat(rows).hasSize(3);
        // W1's build 1 (eu) is superseded by build 2 (us); W2's only build is before the range; V1-V3 define region alike
        assertThat(rows.get(0)).isEqualTo("[" + T3 + "] | gpus | number | GPUs |  | [] | 2 | 1");
        assertThat(rows.get(1)).startsWith("[" + T3 + ", " + T1 + "] | region | string | Region | Where it runs | ").endsWith(" | eu | 1")
                .contains("Europe");
        assertThat(rows.get(2)).startsWith("[" + T3 + ", " + T1 + "] | region | string | Region | Where it runs | ").endsWith(" | us | 1");
        // from 09:15 both of W1's builds are before the range: only W3's values remain, for the gpu template alone
        assertThat(report("insights_templates_parameters.sql", "2026-11-02 09:15:00 +00:00", TO))
                .containsExactly("[" + T3 + "] | gpus | number | GPUs |  | [] | 2 | 1",
                        rows.get(1).replace(T3 + ", " + T1, T3));
    }

    @Test
    void rule16_dausRunSixtyDaysFromTheUtcMidnight_labelledInTheRequestedOffset() {
        Map<String, String> utc = Map.of("now", ts("2026-11-03 10:17:00 +00:00"), "tz_offset_hours", "0", "template_ids", templates());
        List<String> rows = Examples.run("daus.sql", utc);
        assertThat(rows).hasSize(61);
        assertThat(rows.get(0)).isEqualTo("2026-09-04 | 0");
        assertThat(rows.subList(58, 61)).containsExactly("2026-11-01 | 0", "2026-11-02 | 3", "2026-11-03 | 1");
        // UTC-5: the same UTC-midnight intervals, each labelled with its start in -05:00 (the day before)
        List<String> west = Examples.run("daus.sql", Map.of("now", ts("2026-11-03 10:17:00 +00:00"), "tz_offset_hours", "-5",
                "template_ids", templates()));
        assertThat(west).hasSize(61);
        assertThat(west.get(0)).isEqualTo("2026-09-03 | 0");
        assertThat(west.subList(59, 61)).containsExactly("2026-11-01 | 3", "2026-11-02 | 1");
        // a template's DAUs
        List<String> gpu = Examples.run("daus.sql", Map.of("now", ts("2026-11-03 10:17:00 +00:00"), "tz_offset_hours", "0",
                "template_ids", templates(T3)));
        assertThat(gpu.subList(59, 61)).containsExactly("2026-11-02 | 1", "2026-11-03 | 0");
    }

    // ---- the report tables Spark precomputes ---------------------------------------------------------------

    @Test
    void dailyUsageTables_sumTheHalfHours_perUserWithTheCap() {
        assertThat(analyst("SELECT day, template_ids, usage_minutes, usage_seconds, vscode_minutes, ssh_minutes FROM analytics.user_daily_usage"
                + " WHERE user_id = '" + A + "' ORDER BY day")).containsExactly(
                        "2026-11-02 | [" + T1 + ", " + T2 + "] | 32 | 1920 | 22 | 20",
                        "2026-11-03 | [" + T1 + "] | 1 | 60 | 1 | 0");
        assertThat(analyst("SELECT template_name, usage_minutes, vscode_minutes, ssh_minutes FROM analytics.template_user_daily_usage"
                + " WHERE user_id = '" + A + "' AND day = DATE '2026-11-02' ORDER BY template_name"))
                .containsExactly("go | 20 | 0 | 20", "python | 22 | 22 | 0");
        assertThat(analyst("SELECT day, usage_minutes FROM analytics.user_daily_usage WHERE user_id = '" + B + "'"))
                .containsExactly("2026-11-02 | 55");
    }

    @Test
    void v1Activity_perHourCategoryAndOrganization() {
        assertThat(analyst("SELECT hour, user_id, category, count, duration_seconds FROM analytics.v1_activity_hourly"
                + " WHERE organization_id IS NULL AND hour < TIMESTAMP '2026-11-02 11:00 UTC' ORDER BY hour, user_id, category"))
                .containsExactly(
                        "2026-11-02 09:00:00.000 UTC | " + A + " | any | 1 | 60",
                        "2026-11-02 09:00:00.000 UTC | " + A + " | login | 1 | 60",
                        "2026-11-02 10:00:00.000 UTC | " + C + " | any | 10 | 600",
                        "2026-11-02 10:00:00.000 UTC | " + C + " | ide | 10 | 600",
                        "2026-11-02 10:00:00.000 UTC | " + A + " | any | 30 | 1800",
                        "2026-11-02 10:00:00.000 UTC | " + A + " | tunnel | 30 | 1800",
                        "2026-11-02 10:00:00.000 UTC | " + B + " | any | 45 | 2700",
                        "2026-11-02 10:00:00.000 UTC | " + B + " | ide | 45 | 2700");
        // bob at 12:00: 3 jupyter minutes and a login; at 14:00 a port forward and a [terminal] session
        assertThat(analyst("SELECT hour, category, count FROM analytics.v1_activity_hourly WHERE organization_id IS NULL"
                + " AND user_id = '" + B + "' AND hour >= TIMESTAMP '2026-11-02 12:00 UTC' ORDER BY hour, category")).containsExactly(
                        "2026-11-02 12:00:00.000 UTC | any | 4", "2026-11-02 12:00:00.000 UTC | ide | 3",
                        "2026-11-02 12:00:00.000 UTC | login | 1",
                        "2026-11-02 14:00:00.000 UTC | any | 7", "2026-11-02 14:00:00.000 UTC | app | 5",
                        "2026-11-02 14:00:00.000 UTC | web_terminal | 2");
    }

    private static List<String> v1(String category, String unit, int count, String org) {
        return Examples.run("v1_activity.sql", Map.of("start_time", ts(FROM), "end_time", ts("2026-11-09 00:00:00 +00:00"),
                "category", "'" + category + "'", "interval_unit", "'" + unit + "'", "interval_count", String.valueOf(count),
                "organization_id", org == null ? "CAST(NULL AS varchar)" : "'" + org + "'"));
    }

    @Test
    void v1ActivityExample_countsMinutesAndLoginsPerIntervalAndUser() {
        String week = "2026-11-02 00:00:00 UTC | 604800000000000 | ";
        // alice 30 + 1 + 1 + 1 minutes and a login; bob 45 + 3 + 7 minutes and a login; carol 10 + 20 + 10 minutes (her login failed)
        assertThat(v1("any", "week", 1, null)).containsExactly(
                week + C + " | 40 | 2400000000000", week + A + " | 34 | 2040000000000", week + B + " | 56 | 3360000000000");
        assertThat(v1("login", "week", 1, null)).containsExactly(
                week + A + " | 1 | 60000000000", week + B + " | 1 | 60000000000");
        // 3-day intervals aligned on the start: 11-02, 11-05, 11-08 (the last one ends at the range's end)
        assertThat(v1("ide", "day", 3, null)).containsExactly(
                "2026-11-02 00:00:00 UTC | 259200000000000 | " + C + " | 30 | 1800000000000",
                "2026-11-02 00:00:00 UTC | 259200000000000 | " + B + " | 48 | 2880000000000",
                "2026-11-05 00:00:00 UTC | 259200000000000 | " + C + " | 10 | 600000000000",
                "2026-11-08 00:00:00 UTC | 86400000000000 | null | null | null");
        // an organization: its templates' minutes, and the logins of its members
        assertThat(v1("any", "week", 1, ORG_BETA)).containsExactly(week + B + " | 56 | 3360000000000");
        assertThat(v1("any", "week", 1, ORG_ACME)).containsExactly(week + C + " | 40 | 2400000000000", week + A + " | 34 | 2040000000000");
        // a month from 11-02, cut at the range's end: alice's SSH and VS Code minutes
        assertThat(v1("tunnel", "month", 1, null)).containsExactly(week + A + " | 33 | 1980000000000");
    }
}
