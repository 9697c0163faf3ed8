package com.coderinsights.dw.serving.export;

import static com.coderinsights.dw.serving.export.TableExport.col;

import java.util.List;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code parameterUsageJob}: the builds created in the window (every build, with or without parameters: the
 * report counts each workspace's latest build in range) and the parameter values of those builds with their
 * definitions.
 */
@Configuration
public class ParameterUsageExportJobConfiguration {

    private static final String BUILT_IN_WINDOW = "created_at >= CAST(:fromTs AS timestamptz) AND created_at < CAST(:toTs AS timestamptz)";

    static final List<TableExport> TABLES = List.of(
            new TableExport("workspaceBuilds",
                    "SELECT b.id, b.workspace_id, v.template_id, b.build_number, " + TrinoSql.instant("b.created_at")
                            + " FROM silver.workspace_builds b JOIN silver.template_versions v ON v.id = b.template_version_id "
                            + "WHERE v.template_id IS NOT NULL AND b.created_at >= CAST(:fromTs AS timestamp(3) with time zone) "
                            + "AND b.created_at < CAST(:toTs AS timestamp(3) with time zone) ORDER BY b.id",
                    "serving.workspace_builds",
                    List.of(col("id", "uuid"), col("workspace_id", "uuid"), col("template_id", "uuid"), col("build_number"),
                            col("created_at", "timestamptz")),
                    "(id)", BUILT_IN_WINDOW),
            new TableExport("buildParameters",
                    "SELECT build_id, name, type, display_name, description, options, value "
                            + "FROM analytics.workspace_build_parameters "
                            + "WHERE build_created_at >= CAST(:fromTs AS timestamp(3) with time zone) "
                            + "AND build_created_at < CAST(:toTs AS timestamp(3) with time zone) ORDER BY build_id, name",
                    "serving.build_parameters",
                    List.of(col("build_id", "uuid"), col("name"), col("type"), col("display_name"), col("description"),
                            col("options"), col("value")),
                    "(build_id, name)",
                    "build_id IN (SELECT id FROM serving.workspace_builds WHERE " + BUILT_IN_WINDOW + ")"));

    @Bean
    public Job parameterUsageJob(JobRepository jobRepository, ExportSteps steps) {
        return ExportJobs.job("parameterUsageJob", jobRepository, steps, TABLES);
    }
}
