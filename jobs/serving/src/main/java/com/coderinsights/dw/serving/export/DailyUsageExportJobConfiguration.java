package com.coderinsights.dw.serving.export;

import static com.coderinsights.dw.serving.export.TableExport.col;

import java.util.List;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code dailyUsageJob}: the daily rollups per user (capped across templates) and per template and user. */
@Configuration
public class DailyUsageExportJobConfiguration {

    private static final String MINUTES = "usage_mins, ssh_mins, sftp_mins, reconnecting_pty_mins, vscode_mins, jetbrains_mins";
    private static final String SELECT_MINUTES = "CAST(usage_minutes AS integer), CAST(ssh_minutes AS integer), "
            + "CAST(sftp_minutes AS integer), CAST(reconnecting_pty_minutes AS integer), CAST(vscode_minutes AS integer), "
            + "CAST(jetbrains_minutes AS integer)";

    static final List<TableExport> TABLES = List.of(
            new TableExport("userDailyUsage",
                    "SELECT CAST(day AS varchar), user_id, " + TrinoSql.textArray("template_ids") + ", " + SELECT_MINUTES
                            + " FROM gold.user_daily_usage WHERE day >= DATE :from AND day < DATE :to ORDER BY day, user_id",
                    "serving.user_daily_usage",
                    columns(col("day", "date"), col("user_id", "uuid"), col("template_ids", "uuid[]")),
                    "(day, user_id)", "day >= CAST(:from AS date) AND day < CAST(:to AS date)"),
            new TableExport("templateUserDailyUsage",
                    "SELECT CAST(day AS varchar), template_id, user_id, " + SELECT_MINUTES
                            + " FROM gold.template_user_daily_usage WHERE day >= DATE :from AND day < DATE :to "
                            + "ORDER BY day, template_id, user_id",
                    "serving.template_user_daily_usage",
                    columns(col("day", "date"), col("template_id", "uuid"), col("user_id", "uuid")),
                    "(day, template_id, user_id)", "day >= CAST(:from AS date) AND day < CAST(:to AS date)"));

    private static List<TableExport.Column> columns(TableExport.Column... keys) {
        List<TableExport.Column> all = new java.util.ArrayList<>(List.of(keys));
        for (String m : MINUTES.split(", ")) {
            all.add(col(m));
        }
        return all;
    }

    /** serving.day_totals and template_day_totals (V6) for the window's days, summed from the rows just exported. */
    public static final String DAY_TOTALS = """
            DELETE FROM serving.day_totals WHERE day >= CAST(:from AS date) AND day < CAST(:to AS date);
            INSERT INTO serving.day_totals (day, active_users, usage_mins, ssh_mins, sftp_mins, reconnecting_pty_mins, vscode_mins,
                                            jetbrains_mins)
            SELECT day, count(*), sum(usage_mins), sum(ssh_mins), sum(sftp_mins), sum(reconnecting_pty_mins), sum(vscode_mins),
                   sum(jetbrains_mins)
            FROM serving.user_daily_usage WHERE day >= CAST(:from AS date) AND day < CAST(:to AS date)
            GROUP BY day;
            DELETE FROM serving.template_day_totals WHERE day >= CAST(:from AS date) AND day < CAST(:to AS date);
            INSERT INTO serving.template_day_totals (day, template_id, active_users, usage_mins, ssh_mins, sftp_mins,
                                                     reconnecting_pty_mins, vscode_mins, jetbrains_mins)
            SELECT day, template_id, count(*), sum(usage_mins), sum(ssh_mins), sum(sftp_mins), sum(reconnecting_pty_mins),
                   sum(vscode_mins), sum(jetbrains_mins)
            FROM serving.template_user_daily_usage WHERE day >= CAST(:from AS date) AND day < CAST(:to AS date)
            GROUP BY day, template_id""";

    /**
     * serving.user_usage_series and template_user_usage_series (V8): the running totals of every user (and template
     * and user) whose rollup days in the window may have changed, rebuilt from the rows just exported.
     */
    public static final String USAGE_SERIES = "CALL serving.derive_usage_series(CAST(:from AS date), CAST(:to AS date))";

    @Bean
    public Job dailyUsageJob(JobRepository jobRepository, ExportSteps steps) {
        return ExportJobs.job("dailyUsageJob", jobRepository, steps, TABLES, steps.derive("dayTotals", DAY_TOTALS),
                steps.derive("usageSeries", USAGE_SERIES));
    }
}
