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
 * The apps report of one template over whole days reads serving.app_usage_days, derived from the half-hour app
 * rows: it must give what the half-hour query gives, runs across midnight included. Hand-made rows:
 *
 * <pre>
 * u1 jupyter  11-02 23:00, 23:30 | 11-03 00:00, 00:30  -> one run across midnight, 4 half hours x 10 min
 *             11-03 05:00                               -> a second run
 * u1 jupyter  11-03 23:30 | 11-04 01:00                 -> two runs (11-04 does not start at 00:00)
 * u2 jupyter  11-02 00:00 | 11-01 23:30 (before range)  -> one run in range
 * u2 8080     11-02 10:00                               -> a port: not an app of the template, not reported
 * </pre>
 */
class AppUsageDaysTest {

    private static final UUID T = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
    private static final UUID U1 = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    private static final UUID U2 = UUID.fromString("00000000-0000-0000-0000-0000000000b2");
    private static InsightsQueries queries;

    @BeforeAll
    static void fill() throws Exception {
        String db = ServingStack.database("app_usage_days");
        Flyway.configure().dataSource(db, "dw", "").schemas("serving").createSchemas(true)
                .placeholders(Map.of("api_role", "dw_api")).load().migrate();
        try (Connection c = DriverManager.getConnection(db, "dw", ""); Statement s = c.createStatement()) {
            s.execute("INSERT INTO serving.template_apps VALUES ('" + T + "', 'jupyter', 'Jupyter', '/icon/jupyter.svg', 0)");
            String[][] rows = {
                    {"2026-11-02 23:00", "b1", "jupyter"}, {"2026-11-02 23:30", "b1", "jupyter"}, {"2026-11-03 00:00", "b1", "jupyter"},
                    {"2026-11-03 00:30", "b1", "jupyter"}, {"2026-11-03 05:00", "b1", "jupyter"}, {"2026-11-03 23:30", "b1", "jupyter"},
                    {"2026-11-04 01:00", "b1", "jupyter"}, {"2026-11-01 23:30", "b2", "jupyter"}, {"2026-11-02 00:00", "b2", "jupyter"},
                    {"2026-11-02 10:00", "b2", "8080"}};
            for (String[] r : rows) {
                s.execute("INSERT INTO serving.app_usage_buckets VALUES ('" + r[0] + "+00', '" + T
                        + "', '00000000-0000-0000-0000-0000000000" + r[1] + "', '" + r[2] + "', 10, 0)");
            }
            for (String statement : ExportWindow.parse("2026-10-30", "2026-11-06").fill(UsageBucketsExportJobConfiguration.APP_USAGE_DAYS)
                    .split(";\\s*\\n")) {
                s.execute(statement);
            }
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
}
