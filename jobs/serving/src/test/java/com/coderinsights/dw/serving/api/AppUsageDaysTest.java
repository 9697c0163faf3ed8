package com.coderinsights.dw.serving.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import com.coderinsights.dw.serving.ServingStack;
import com.coderinsights.dw.serving.export.ExportWindow;
import com.coderinsights.dw.serving.export.UsageBucketsExportJobConfiguration;

/**
 * The apps report over whole days reads the day totals (one template, all templates), derived from the half-hour app
 * rows: it must give what the half-hour query gives, runs across midnight included. Hand-made rows:
 *
 * <pre>
 * u1 jupyter  11-02 23:00, 23:30 | 11-03 00:00, 00:30  -> one run across midnight, 4 half hours x 10 min
 *             11-03 05:00                               -> a second run
 * u1 jupyter  11-03 23:30 | 11-04 01:00                 -> two runs (11-04 does not start at 00:00)
 * u2 jupyter  11-02 00:00 | 11-01 23:30 (before range)  -> one run in range
 * u2 8080     11-02 10:00                               -> a port: not an app of the template, not reported
 * T2, jupyter with T's display name and icon (merged with T's over all templates):
 * u1 jupyter  11-03 05:00 (25 min: 35 in the half hour, capped at 30), 05:30 -> extends u1's 05:00 run
 * T3, jupyter named JupyterLab (a key of its own over all templates):
 * u2 jupyter  11-03 12:00
 * </pre>
 */
class AppUsageDaysTest {

    private static final UUID T = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
    private static final UUID U1 = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    private static final UUID U2 = UUID.fromString("00000000-0000-0000-0000-0000000000b2");
    private static final UUID T2 = UUID.fromString("00000000-0000-0000-0000-0000000000ab");
    private static final UUID T3 = UUID.fromString("00000000-0000-0000-0000-0000000000ac");
    private static final ExportWindow WINDOW = ExportWindow.parse("2026-10-30", "2026-11-06");
    private static String db;
    private static InsightsQueries queries;

    @BeforeAll
    static void fill() throws Exception {
        db = ServingStack.database("app_usage_days");
        Flyway.configure().dataSource(db, "dw", "").schemas("serving").createSchemas(true)
                .placeholders(Map.of("api_role", "dw_api")).load().migrate();
        try (Connection c = DriverManager.getConnection(db, "dw", ""); Statement s = c.createStatement()) {
            s.execute("INSERT INTO serving.template_apps VALUES ('" + T + "', 'jupyter', 'Jupyter', '/icon/jupyter.svg', 0),"
                    + " ('" + T2 + "', 'jupyter', 'Jupyter', '/icon/jupyter.svg', 0), ('" + T3 + "', 'jupyter', 'JupyterLab', '/icon/jupyter.svg', 0)");
            s.execute("INSERT INTO serving.app_usage_buckets VALUES ('2026-11-03 05:00+00', '" + T2 + "', '" + U1 + "', 'jupyter', 25, 0),"
                    + " ('2026-11-03 05:30+00', '" + T2 + "', '" + U1 + "', 'jupyter', 10, 0),"
                    + " ('2026-11-03 12:00+00', '" + T3 + "', '" + U2 + "', 'jupyter', 10, 0)");
            String[][] rows = {
                    {"2026-11-02 23:00", "b1", "jupyter"}, {"2026-11-02 23:30", "b1", "jupyter"}, {"2026-11-03 00:00", "b1", "jupyter"},
                    {"2026-11-03 00:30", "b1", "jupyter"}, {"2026-11-03 05:00", "b1", "jupyter"}, {"2026-11-03 23:30", "b1", "jupyter"},
                    {"2026-11-04 01:00", "b1", "jupyter"}, {"2026-11-01 23:30", "b2", "jupyter"}, {"2026-11-02 00:00", "b2", "jupyter"},
                    {"2026-11-02 10:00", "b2", "8080"}};
            for (String[] r : rows) {
                s.execute("INSERT INTO serving.app_usage_buckets VALUES ('" + r[0] + "+00', '" + T
                        + "', '00000000-0000-0000-0000-0000000000" + r[1] + "', '" + r[2] + "', 10, 0)");
            }
            for (String statement : WINDOW.statements(UsageBucketsExportJobConfiguration.TEMPLATE_APP_USAGE_DAY_TOTALS)) {
                s.execute(statement);
            }
            s.execute(WINDOW.fill(UsageBucketsExportJobConfiguration.APP_USAGE_DAY_TOTALS));
        }
        DriverManagerDataSource ds = new DriverManagerDataSource(db, "dw", "");
        queries = new InsightsQueries(new NamedParameterJdbcTemplate(ds));
    }

    private static List<Reports.TemplateAppUsage> apps(String from, String to, List<UUID> templates) {
        return queries.apps(OffsetDateTime.parse(from), OffsetDateTime.parse(to), templates);
    }

    @Test
    void daysGiveWhatTheHalfHoursGive_aRunAcrossMidnightCountsOnce() {
        var byDay = apps("2026-11-02T00:00:00Z", "2026-11-05T00:00:00Z", List.of(T));
        // u1: 7 half hours, runs {11-02 23:00 .. 11-03 00:30}, {05:00}, {11-03 23:30}, {11-04 01:00}; u2: {11-02 00:00}
        assertThat(byDay).containsExactly(new Reports.TemplateAppUsage(List.of(T), "app", "Jupyter", "jupyter", "/icon/jupyter.svg",
                8 * 600, 5));
        // the half-hour query (two templates listed, one of them unknown) gives the same
        UUID other = UUID.fromString("00000000-0000-0000-0000-0000000000cc");
        assertThat(apps("2026-11-02T00:00:00Z", "2026-11-05T00:00:00Z", List.of(T, other))).containsExactly(byDay.get(0));
        // from 11-03: u1's run that started 11-02 23:00 now starts at 00:00 in range and counts once; u2 is gone
        assertThat(apps("2026-11-03T00:00:00Z", "2026-11-05T00:00:00Z", List.of(T)).get(0))
                .extracting(Reports.TemplateAppUsage::seconds, Reports.TemplateAppUsage::timesUsed).containsExactly(5L * 600, 4L);
    }

    private static void sql(String... statements) {
        ServingStack.execute(db, statements);
    }

    private static Reports.TemplateAppUsage app(List<UUID> templates, String name, long seconds, long timesUsed) {
        return new Reports.TemplateAppUsage(templates, "app", name, "jupyter", "/icon/jupyter.svg", seconds, timesUsed);
    }

    @Test
    void allTemplates_dayTotalsGiveWhatTheHalfHoursGive_keysMergedAcrossTemplates_cappedAt30() {
        List<UUID> every = List.of(T, T2, T3);
        // u1: 10 x 7 half hours + 05:00 capped at 30 (10 + 25) + 05:30 = 100 min in 4 runs; u2: 10 min in 1 run
        var whole = apps("2026-11-02T00:00:00Z", "2026-11-05T00:00:00Z", List.of());
        assertThat(whole).containsExactly(app(List.of(T, T2), "Jupyter", 110 * 60, 5), app(List.of(T3), "JupyterLab", 600, 1));
        // listing every template reads the half hours: the same answer
        assertThat(apps("2026-11-02T00:00:00Z", "2026-11-05T00:00:00Z", every)).isEqualTo(whole);
        // from 11-03: u1's run from 11-02 23:00 continues into the range and counts once; u2's 11-02 run is out
        assertThat(apps("2026-11-03T00:00:00Z", "2026-11-05T00:00:00Z", List.of()))
                .containsExactly(app(List.of(T, T2), "Jupyter", 80 * 60, 4), app(List.of(T3), "JupyterLab", 600, 1))
                .isEqualTo(apps("2026-11-03T00:00:00Z", "2026-11-05T00:00:00Z", every));
        // one day each: 11-02 (u1 23:00-23:30, u2 00:00), 11-04 (u1 01:00)
        assertThat(apps("2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z", List.of())).containsExactly(app(List.of(T), "Jupyter", 1800, 2));
        assertThat(apps("2026-11-04T00:00:00Z", "2026-11-05T00:00:00Z", List.of())).containsExactly(app(List.of(T), "Jupyter", 600, 1));
    }

    @Test
    void allTemplates_newAppDefinitions_neverAnsweredFromTotalsDerivedWithTheOldOnes() throws Exception {
        try {
            // T3's app now has T's name: one key over all templates, at once (the totals are stale and not read) ...
            sql("UPDATE serving.template_apps SET display_name = 'Jupyter' WHERE template_id = '" + T3 + "'");
            var merged = List.of(app(List.of(T, T2, T3), "Jupyter", 120 * 60, 6));
            assertThat(apps("2026-11-02T00:00:00Z", "2026-11-05T00:00:00Z", List.of())).isEqualTo(merged);
            assertThat(ServingStack.count(db, "SELECT count(*) FROM serving.app_usage_day_totals WHERE display_name = 'JupyterLab'"))
                    .isEqualTo(1);
            // ... and a derivation for any window derives every day again with the new definitions
            sql(ExportWindow.parse("2026-11-20", "2026-11-21").fill(UsageBucketsExportJobConfiguration.APP_USAGE_DAY_TOTALS));
            assertThat(ServingStack.count(db, "SELECT count(*) FROM serving.app_usage_day_totals WHERE display_name = 'JupyterLab'"))
                    .isZero();
            assertThat(apps("2026-11-02T00:00:00Z", "2026-11-05T00:00:00Z", List.of())).isEqualTo(merged);
        } finally {
            sql("UPDATE serving.template_apps SET display_name = 'JupyterLab' WHERE template_id = '" + T3 + "'",
                    WINDOW.fill(UsageBucketsExportJobConfiguration.APP_USAGE_DAY_TOTALS));
        }
    }
}
