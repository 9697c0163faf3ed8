package com.coderinsights.dw.serving.export;

import static com.coderinsights.dw.serving.export.TableExport.col;

import java.util.List;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code usageBucketsJob}: gold.template_usage_stats (Coder's half-hour rollup) for the window's days, and its
 * app minutes flattened to one row per app key.
 */
@Configuration
public class UsageBucketsExportJobConfiguration {

    private static final String WINDOW = "event_date >= DATE :from AND event_date < DATE :to";

    static final List<TableExport> TABLES = List.of(
            new TableExport("usageBuckets",
                    "SELECT " + TrinoSql.instant("start_time") + ", " + TrinoSql.instant("end_time") + ", template_id, user_id, "
                            + "median_latency_ms, usage_mins, ssh_mins, sftp_mins, reconnecting_pty_mins, vscode_mins, jetbrains_mins "
                            + "FROM gold.template_usage_stats WHERE " + WINDOW + " ORDER BY start_time, template_id, user_id",
                    "serving.usage_buckets",
                    List.of(col("start_time", "timestamptz"), col("end_time", "timestamptz"), col("template_id", "uuid"),
                            col("user_id", "uuid"), col("median_latency_ms"), col("usage_mins"), col("ssh_mins"), col("sftp_mins"),
                            col("reconnecting_pty_mins"), col("vscode_mins"), col("jetbrains_mins")),
                    "(start_time, template_id, user_id)",
                    "start_time >= CAST(:fromTs AS timestamptz) AND start_time < CAST(:toTs AS timestamptz)"),
            new TableExport("appUsageBuckets",
                    "SELECT " + TrinoSql.instant("start_time") + ", template_id, user_id, app_name, minutes "
                            + "FROM gold.template_usage_stats CROSS JOIN UNNEST(app_usage_mins) AS a (app_name, minutes) "
                            + "WHERE " + WINDOW + " ORDER BY start_time, template_id, user_id, app_name",
                    "serving.app_usage_buckets",
                    List.of(col("start_time", "timestamptz"), col("template_id", "uuid"), col("user_id", "uuid"), col("app_name"),
                            col("minutes")),
                    "(start_time, template_id, user_id, app_name)",
                    "start_time >= CAST(:fromTs AS timestamptz) AND start_time < CAST(:toTs AS timestamptz)"));

    /**
     * serving.template_app_usage_day_totals (V5) for the window's days and the day after (whose continued runs depend
     * on the window's last day), from the app rows just exported (one transaction). One template's minutes of an app
     * in a half hour are one row, at most 30 already.
     */
    public static final String TEMPLATE_APP_USAGE_DAY_TOTALS = """
            DELETE FROM serving.template_app_usage_day_totals WHERE day >= CAST(:from AS date) AND day <= CAST(:to AS date);
            INSERT INTO serving.template_app_usage_day_totals (day, template_id, app_name, minutes, runs, continued)
            SELECT CAST(start_time AT TIME ZONE 'UTC' AS date), template_id, app_name, sum(minutes), count(*) FILTER (WHERE starts_run),
                   count(*) FILTER (WHERE NOT starts_run AND start_time = date_trunc('day', start_time, 'UTC'))
            FROM (
                SELECT start_time, template_id, app_name, minutes,
                       lag(start_time) OVER (PARTITION BY template_id, user_id, app_name ORDER BY start_time)
                           IS DISTINCT FROM start_time - INTERVAL '30 minutes' AS starts_run
                FROM serving.app_usage_buckets
                WHERE start_time >= CAST(:fromTs AS timestamptz) - INTERVAL '30 minutes'
                  AND start_time < CAST(:toTs AS timestamptz) + INTERVAL '1 day'
            ) b
            WHERE start_time >= CAST(:fromTs AS timestamptz)
            GROUP BY 1, template_id, app_name""";

    /**
     * serving.app_usage_day_totals (the apps report over all templates) for the window's days and the day after, or
     * for every day when the app definitions changed (V5's procedure); the dimensions job derives it too.
     */
    public static final String APP_USAGE_DAY_TOTALS = "CALL serving.derive_app_usage_day_totals(CAST(:from AS date), CAST(:to AS date))";

    @Bean
    public Job usageBucketsJob(JobRepository jobRepository, ExportSteps steps) {
        return ExportJobs.job("usageBucketsJob", jobRepository, steps, TABLES, steps.derive("templateAppUsageDayTotals", TEMPLATE_APP_USAGE_DAY_TOTALS),
                steps.derive("appUsageDayTotals", APP_USAGE_DAY_TOTALS));
    }
}
