package com.coderinsights.dw.serving.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.coderinsights.dw.serving.ServingStack;
import com.coderinsights.dw.serving.export.DailyUsageExportJobConfiguration;
import com.coderinsights.dw.serving.export.ExportWindow;
import com.coderinsights.dw.serving.export.ParameterUsageExportJobConfiguration;

/**
 * The tables the exporter derives in the serving store for speed (V8) must answer exactly what the rows they come
 * from answer, after a first export and after a re-export that changed or pruned rows:
 *
 * <pre>
 * usage series (the daily rollups as running totals)    minutes per day
 *   all templates   u1: 11-01 10, 11-03 20, 11-04 5 | u2: 11-02 30 | u3: 10-20 7
 *   T               u1: 11-01 10, 11-03 15 | u2: 11-02 30 | u3: 10-20 7
 *   T2              u1: 11-03 10, 11-04 5
 * builds (workspace, template, number, created)         region
 *   b1 w1 T  #1 11-01 10:00                             us
 *   b2 w1 T  #2 11-03 10:00                             eu
 *   b3 w1 T  #3 11-05 10:00                             (no parameters: still w1's latest)
 *   b4 w2 T  #1 11-02 10:00                             us
 *   b5 w3 T2 #1 11-02 10:00                             eu
 *   b6 w4 T  #1 11-04 10:00                             ap
 *   b7 w4 T  #2 11-03 12:00 (numbered after b6, created before it)  us
 * </pre>
 */
class DerivedSeriesAndBuildsTest {

    private static final UUID T = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
    private static final UUID T2 = UUID.fromString("00000000-0000-0000-0000-0000000000ab");
    private static final UUID U1 = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    private static final UUID U2 = UUID.fromString("00000000-0000-0000-0000-0000000000b2");
    private static final UUID U3 = UUID.fromString("00000000-0000-0000-0000-0000000000b3");
    private static final ExportWindow FIRST = ExportWindow.parse("2026-10-15", "2026-11-10");
    private static final String UTC = "CAST(%s AT TIME ZONE 'UTC' AS text)";
    private static String db;
    private static InsightsQueries queries;

    @BeforeAll
    static void fill() throws Exception {
        db = ServingStack.database("derived_series_builds");
        Flyway.configure().dataSource(db, "dw", "").schemas("serving").createSchemas(true)
                .placeholders(Map.of("api_role", "dw_api")).load().migrate();
        sql(daily("2026-11-01", U1, 10), daily("2026-11-03", U1, 20), daily("2026-11-04", U1, 5), daily("2026-11-02", U2, 30),
                daily("2026-10-20", U3, 7),
                templateDaily("2026-11-01", T, U1, 10), templateDaily("2026-11-03", T, U1, 15), templateDaily("2026-11-02", T, U2, 30),
                templateDaily("2026-10-20", T, U3, 7), templateDaily("2026-11-03", T2, U1, 10), templateDaily("2026-11-04", T2, U1, 5));
        sql(build("b1", "w1", T, 1, "2026-11-01 10:00", "us"), build("b2", "w1", T, 2, "2026-11-03 10:00", "eu"),
                build("b3", "w1", T, 3, "2026-11-05 10:00", null), build("b4", "w2", T, 1, "2026-11-02 10:00", "us"),
                build("b5", "w3", T2, 1, "2026-11-02 10:00", "eu"), build("b6", "w4", T, 1, "2026-11-04 10:00", "ap"),
                build("b7", "w4", T, 2, "2026-11-03 12:00", "us"));
        derive(FIRST, DailyUsageExportJobConfiguration.DAY_TOTALS, DailyUsageExportJobConfiguration.USAGE_SERIES,
                ParameterUsageExportJobConfiguration.PARAMETER_VALUES);
        queries = new InsightsQueries(new NamedParameterJdbcTemplate(new DriverManagerDataSource(db, "dw", "")));
    }

    @Test
    void usageSeries_answerWhatTheDailyRowsAnswer_andAReExportRebuildsTheChangedUsersOnly() throws Exception {
        assertThat(rows("SELECT user_id, first_day, usage_mins, active_days FROM serving.user_usage_series ORDER BY user_id"))
                .containsExactly(U1 + " 2026-11-01 {10,10,30,35} {1,1,2,3}", U2 + " 2026-11-02 {30} {1}", U3 + " 2026-10-20 {7} {1}");
        assertThat(rows("SELECT template_id, user_id, first_day, usage_mins, active_days FROM serving.template_user_usage_series"
                + " ORDER BY template_id, user_id")).containsExactly(T + " " + U1 + " 2026-11-01 {10,10,25} {1,1,2}",
                T + " " + U2 + " 2026-11-02 {30} {1}", T + " " + U3 + " 2026-10-20 {7} {1}", T2 + " " + U1 + " 2026-11-03 {10,15} {1,2}");

        // 11-02 and 11-03: u1 20 min (none on 11-02) in T and T2; u2 30 min in T
        assertThat(activity("2026-11-02T00:00:00Z", "2026-11-04T00:00:00Z", List.of())).containsExactly(
                user(List.of(T, T2), U1, 1200), user(List.of(T), U2, 1800));
        assertThat(activity("2026-11-04T00:00:00Z", "2026-11-05T00:00:00Z", List.of(T))).isEmpty();
        assertThat(activity("2026-11-04T00:00:00Z", "2026-11-05T00:00:00Z", List.of(T2))).containsExactly(user(List.of(T2), U1, 300));
        assertThat(queries.totals(at("2026-11-01T00:00:00Z"), at("2026-11-05T00:00:00Z"), List.of()).activeUsers()).isEqualTo(2);
        assertThat(queries.totals(at("2026-10-01T00:00:00Z"), at("2026-11-03T00:00:00Z"), List.of(T2)).activeUsers()).isZero();
        // weekly intervals of whole days: u3 | u1 (11-01) | u1, u2
        assertThat(queries.intervals(at("2026-10-19T00:00:00Z"), at("2026-11-09T00:00:00Z"), 7, List.of()))
                .extracting(InsightsQueries.Interval::activeUsers).containsExactly(1L, 1L, 2L);
        assertThat(queries.intervals(at("2026-10-19T00:00:00Z"), at("2026-11-09T00:00:00Z"), 7, List.of(T2)))
                .extracting(InsightsQueries.Interval::activeUsers).containsExactly(0L, 0L, 1L);
        assertThat(seriesMismatches()).isZero();

        // a re-export of [11-03, 11-07): u1's 11-03 and 11-04 are gone, 11-06 is new; u1 no longer used T2
        List<String> u2AndU3 = rows("SELECT * FROM serving.user_usage_series WHERE user_id <> '" + U1 + "' ORDER BY user_id");
        sql("DELETE FROM serving.user_daily_usage WHERE user_id = '" + U1 + "' AND day IN ('2026-11-03', '2026-11-04')",
                "DELETE FROM serving.template_user_daily_usage WHERE user_id = '" + U1 + "' AND day IN ('2026-11-03', '2026-11-04')",
                daily("2026-11-06", U1, 40), templateDaily("2026-11-06", T, U1, 40));
        ExportWindow again = ExportWindow.parse("2026-11-03", "2026-11-07");
        derive(again, DailyUsageExportJobConfiguration.DAY_TOTALS, DailyUsageExportJobConfiguration.USAGE_SERIES);
        assertThat(rows("SELECT template_id, user_id, first_day, usage_mins, active_days FROM serving.template_user_usage_series"
                + " WHERE user_id = '" + U1 + "'")).containsExactly(T + " " + U1 + " 2026-11-01 {10,10,10,10,10,50} {1,1,1,1,1,2}");
        assertThat(rows("SELECT usage_mins, active_days FROM serving.user_usage_series WHERE user_id = '" + U1 + "'"))
                .containsExactly("{10,10,10,10,10,50} {1,1,1,1,1,2}");
        assertThat(rows("SELECT * FROM serving.user_usage_series WHERE user_id <> '" + U1 + "' ORDER BY user_id")).isEqualTo(u2AndU3);
        assertThat(activity("2026-11-01T00:00:00Z", "2026-11-08T00:00:00Z", List.of())).containsExactly(
                user(List.of(T), U1, 3000), user(List.of(T), U2, 1800));
        assertThat(seriesMismatches()).isZero();

        // the same window again changes nothing
        List<String> before = rows("SELECT * FROM serving.template_user_usage_series ORDER BY 1, 2");
        derive(again, DailyUsageExportJobConfiguration.USAGE_SERIES);
        assertThat(rows("SELECT * FROM serving.template_user_usage_series ORDER BY 1, 2")).isEqualTo(before);
    }

    @Test
    void parameterUsage_latestBuildInRangePerWorkspace_byNumber_evenWhenARangeEndsBeforeIt() throws Exception {
        // w1 b3 (no parameters), w2 b4 us, w3 b5 eu, w4 b7 (#2, created in range) us; the definition is used by T and T2
        assertThat(regions("2026-11-01T00:00:00Z", "2026-11-06T00:00:00Z", List.of())).isEqualTo("[T, T2] eu=1 us=2");
        // before w1's b3 and w4's b6: b2 eu, b4 us, b5 eu, b7 us (b6 is created after the range)
        assertThat(regions("2026-11-01T00:00:00Z", "2026-11-04T00:00:00Z", List.of())).isEqualTo("[T, T2] eu=2 us=2");
        // w4: only b6 is in range, although b7 has the higher number
        assertThat(regions("2026-11-04T00:00:00Z", "2026-11-06T00:00:00Z", List.of())).isEqualTo("[T] ap=1");
        assertThat(regions("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", List.of())).isEqualTo("[T] us=1");
        assertThat(regions("2026-11-01T00:00:00Z", "2026-11-06T00:00:00Z", List.of(T2))).isEqualTo("[T2] eu=1");
        assertThat(regions("2026-11-06T00:00:00Z", "2026-11-08T00:00:00Z", List.of())).isEmpty();
        assertThat(parameterMismatches()).isEmpty();

        // a re-export that pruned b3 (w1's latest) and then b6 (w4's newest)
        sql("DELETE FROM serving.workspace_builds WHERE id = '" + id("b3") + "'");
        derive(ExportWindow.parse("2026-11-05", "2026-11-06"), ParameterUsageExportJobConfiguration.PARAMETER_VALUES);
        assertThat(rows("SELECT build_id, " + UTC.formatted("created_at") + ", " + UTC.formatted("last_created_at")
                + " FROM serving.workspace_latest_builds WHERE workspace_id = '" + id("w1") + "'"))
                .containsExactly(id("b2") + " 2026-11-03 10:00:00 2026-11-03 10:00:00");
        assertThat(regions("2026-11-01T00:00:00Z", "2026-11-06T00:00:00Z", List.of())).isEqualTo("[T, T2] eu=2 us=2");
        sql("DELETE FROM serving.build_parameters WHERE build_id = '" + id("b6") + "'",
                "DELETE FROM serving.workspace_builds WHERE id = '" + id("b6") + "'");
        ExportWindow b6 = ExportWindow.parse("2026-11-04", "2026-11-05");
        derive(b6, ParameterUsageExportJobConfiguration.PARAMETER_VALUES);
        assertThat(rows("SELECT build_id, " + UTC.formatted("last_created_at") + " FROM serving.workspace_latest_builds WHERE workspace_id = '"
                + id("w4") + "'")).containsExactly(id("b7") + " 2026-11-03 12:00:00");
        assertThat(regions("2026-11-04T00:00:00Z", "2026-11-06T00:00:00Z", List.of())).isEmpty();
        assertThat(parameterMismatches()).isEmpty();

        // the same window again changes nothing
        List<String> before = rows("SELECT * FROM serving.workspace_latest_builds ORDER BY 1, 2");
        List<String> sets = rows("SELECT * FROM serving.build_parameter_sets ORDER BY 1");
        derive(b6, ParameterUsageExportJobConfiguration.PARAMETER_VALUES);
        assertThat(rows("SELECT * FROM serving.workspace_latest_builds ORDER BY 1, 2")).isEqualTo(before);
        assertThat(rows("SELECT * FROM serving.build_parameter_sets ORDER BY 1")).isEqualTo(sets);
    }

    /** Day ranges inside 10-18 .. 11-10 where a series disagrees with the daily rows it comes from. */
    private static long seriesMismatches() throws Exception {
        return ServingStack.count(db, """
                WITH days AS (SELECT CAST(d AS date) AS d FROM generate_series(DATE '2026-10-18', DATE '2026-11-10', INTERVAL '1 day') d),
                ranges AS (SELECT a.d AS a, b.d AS b FROM days a JOIN days b ON a.d < b.d),
                direct AS (
                    SELECT r.a, r.b, NULL::uuid AS template_id, u.user_id, sum(u.usage_mins) AS mins, count(*) AS n
                    FROM ranges r JOIN serving.user_daily_usage u ON u.day >= r.a AND u.day < r.b GROUP BY 1, 2, 3, 4
                    UNION ALL
                    SELECT r.a, r.b, t.template_id, t.user_id, sum(t.usage_mins), count(*)
                    FROM ranges r JOIN serving.template_user_daily_usage t ON t.day >= r.a AND t.day < r.b GROUP BY 1, 2, 3, 4
                ), series AS (
                    SELECT r.a, r.b, NULL::uuid AS template_id, s.user_id, serving.series_sum(s.usage_mins, s.first_day, r.a, r.b) AS mins,
                           serving.series_sum(s.active_days, s.first_day, r.a, r.b) AS n
                    FROM ranges r CROSS JOIN serving.user_usage_series s
                    UNION ALL
                    SELECT r.a, r.b, s.template_id, s.user_id, serving.series_sum(s.usage_mins, s.first_day, r.a, r.b),
                           serving.series_sum(s.active_days, s.first_day, r.a, r.b)
                    FROM ranges r CROSS JOIN serving.template_user_usage_series s
                )
                SELECT count(*) FROM direct d FULL JOIN (SELECT * FROM series WHERE n > 0) s
                  ON s.a = d.a AND s.b = d.b AND s.user_id = d.user_id AND s.template_id IS NOT DISTINCT FROM d.template_id
                WHERE d.mins IS DISTINCT FROM s.mins OR d.n IS DISTINCT FROM s.n""");
    }

    /** Day ranges inside 10-31 .. 11-08 where the report differs from Coder's rule applied to the exported rows. */
    private static List<String> parameterMismatches() throws Exception {
        List<String> out = new ArrayList<>();
        for (LocalDate a = LocalDate.parse("2026-10-31"); a.isBefore(LocalDate.parse("2026-11-08")); a = a.plusDays(1)) {
            for (LocalDate b = a.plusDays(1); !b.isAfter(LocalDate.parse("2026-11-08")); b = b.plusDays(1)) {
                String from = a + "T00:00:00Z";
                String to = b + "T00:00:00Z";
                List<String> expected = rows("""
                        WITH latest AS (
                            SELECT DISTINCT ON (template_id, workspace_id) id FROM serving.workspace_builds
                            WHERE created_at >= '%s' AND created_at < '%s' ORDER BY template_id, workspace_id, build_number DESC
                        )
                        SELECT p.value || '=' || count(*) FROM latest JOIN serving.build_parameters p ON p.build_id = latest.id
                        GROUP BY p.value ORDER BY p.value""".formatted(from, to));
                List<String> actual = queries.parameters(at(from), at(to), List.of()).stream().flatMap(u -> u.values().stream())
                        .map(v -> v.value() + "=" + v.count()).toList();
                if (!actual.equals(expected)) {
                    out.add(from + " .. " + to + ": " + actual + " expected " + expected);
                }
            }
        }
        return out;
    }

    /** The region parameter's template ids (as T, T2) and its counts, or "" when no chosen build has it. */
    private static String regions(String from, String to, List<UUID> templates) {
        var usage = queries.parameters(at(from), at(to), templates);
        if (usage.isEmpty()) {
            return "";
        }
        assertThat(usage).hasSize(1);
        var region = usage.get(0);
        assertThat(region.name()).isEqualTo("region");
        StringBuilder out = new StringBuilder(region.templateIds().stream().map(t -> t.equals(T) ? "T" : "T2").toList().toString());
        region.values().forEach(v -> out.append(' ').append(v.value()).append('=').append(v.count()));
        return out.toString();
    }

    private static List<Reports.UserActivity> activity(String from, String to, List<UUID> templates) {
        return queries.userActivity(at(from), at(to), templates);
    }

    private static Reports.UserActivity user(List<UUID> templates, UUID user, long seconds) {
        return new Reports.UserActivity(templates, user, "", "", seconds);
    }

    private static OffsetDateTime at(String instant) {
        return OffsetDateTime.parse(instant);
    }

    private static UUID id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes());
    }

    private static String daily(String day, UUID user, int minutes) {
        return "INSERT INTO serving.user_daily_usage VALUES ('%s', '%s', '{}', %d, 0, 0, 0, %d, 0, 0)".formatted(day, user, minutes, minutes);
    }

    private static String templateDaily(String day, UUID template, UUID user, int minutes) {
        return "INSERT INTO serving.template_user_daily_usage VALUES ('%s', '%s', '%s', %d, 0, 0, 0, %d, 0, 0)"
                .formatted(day, template, user, minutes, minutes);
    }

    /** A build and, unless region is null, its region parameter. */
    private static String build(String build, String workspace, UUID template, int number, String created, String region) {
        String sql = "INSERT INTO serving.workspace_builds VALUES ('%s', '%s', '%s', %d, '%s+00', 0)"
                .formatted(id(build), id(workspace), template, number, created);
        return region == null ? sql : sql + "; INSERT INTO serving.build_parameters VALUES ('%s', 'region', 'string', 'Region', '', '', '%s', 0)"
                .formatted(id(build), region);
    }

    private static void derive(ExportWindow window, String... scripts) throws Exception {
        for (String script : scripts) {
            sql(window.statements(script).toArray(String[]::new));
        }
    }

    private static void sql(String... statements) {
        ServingStack.execute(db, statements);
    }

    private static List<String> rows(String query) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db, "dw", ""); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(String.valueOf(rs.getObject(i)));
                }
                out.add(String.join(" ", values));
            }
        }
        return out;
    }
}
