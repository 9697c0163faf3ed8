package com.coderinsights.dw.serving.export;

import static com.coderinsights.dw.serving.export.TableExport.col;

import java.util.List;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code v1ActivityJob}: gold.v1_activity_hourly, the minutes (and logins) of the Coder v1 activity report. */
@Configuration
public class V1ActivityExportJobConfiguration {

    static final List<TableExport> TABLES = List.of(
            new TableExport("v1ActivityHourly",
                    "SELECT " + TrinoSql.instant("hour") + ", user_id, organization_id, category, CAST(count AS integer) "
                            + "FROM gold.v1_activity_hourly WHERE event_date >= DATE :from AND event_date < DATE :to "
                            + "ORDER BY hour, user_id, organization_id NULLS FIRST, category",
                    "serving.v1_activity_hourly",
                    List.of(col("hour", "timestamptz"), col("user_id", "uuid"), col("organization_id", "uuid"), col("category"),
                            col("count")),
                    "ON CONSTRAINT v1_activity_hourly_key",
                    "hour >= CAST(:fromTs AS timestamptz) AND hour < CAST(:toTs AS timestamptz)"));

    @Bean
    public Job v1ActivityJob(JobRepository jobRepository, ExportSteps steps) {
        return ExportJobs.job("v1ActivityJob", jobRepository, steps, TABLES);
    }
}
