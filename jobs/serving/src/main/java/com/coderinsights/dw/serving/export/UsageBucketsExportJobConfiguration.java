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

    /** serving.app_usage_days for the window's days, rebuilt from the app rows just exported (one transaction). */
    public static final String APP_USAGE_DAYS = """
            DELETE FROM serving.app_usage_days WHERE day >= CAST(:from AS date) AND day < CAST(:to AS date);
            INSERT INTO serving.app_usage_days (day, template_id, user_id, app_name, minutes, runs, starts_midnight, ends_midnight)
            SELECT day, template_id, user_id, app_name, sum(minutes),
                   count(*) FILTER (WHERE previous IS NULL OR previous <> start_time - INTERVAL '30 minutes'),
                   bool_or(start_time = day_start), bool_or(start_time = day_start + INTERVAL '23 hours 30 minutes')
            FROM (
                SELECT start_time, template_id, user_id, app_name, minutes,
                       CAST(start_time AT TIME ZONE 'UTC' AS date) AS day,
                       date_trunc('day', start_time, 'UTC') AS day_start,
                       lag(start_time) OVER (PARTITION BY template_id, user_id, app_name, CAST(start_time AT TIME ZONE 'UTC' AS date)
                                             ORDER BY start_time) AS previous
                FROM serving.app_usage_buckets
                WHERE start_time >= CAST(:fromTs AS timestamptz) AND start_time < CAST(:toTs AS timestamptz)
            ) b
            GROUP BY day, template_id, user_id, app_name""";

    @Bean
    public Job usageBucketsJob(JobRepository jobRepository, ExportSteps steps) {
        return ExportJobs.job("usageBucketsJob", jobRepository, steps, TABLES, steps.derive("appUsageDays", APP_USAGE_DAYS));
    }
}
