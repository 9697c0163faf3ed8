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

    private static final String DEFINITION = "md5(CAST(ROW(p.name, p.type, p.display_name, p.description, p.options) AS text))";

    /**
     * serving.parameter_definitions and build_parameter_values (V7) for the window's builds, from the rows just
     * exported; values of builds whose parameters are gone are dropped too.
     */
    public static final String PARAMETER_VALUES = """
            INSERT INTO serving.parameter_definitions (fingerprint, name, type, display_name, description, options)
            SELECT DISTINCT %1$s, p.name, p.type, p.display_name, p.description, p.options
            FROM serving.build_parameters p JOIN serving.workspace_builds b ON b.id = p.build_id
            WHERE %2$s
            ON CONFLICT (fingerprint) DO NOTHING;
            DELETE FROM serving.build_parameter_values v
            WHERE v.build_id IN (SELECT id FROM serving.workspace_builds WHERE %2$s)
               OR NOT EXISTS (SELECT FROM serving.build_parameters p WHERE p.build_id = v.build_id);
            INSERT INTO serving.build_parameter_values (build_id, definition_id, value)
            SELECT p.build_id, d.id, p.value
            FROM serving.build_parameters p
            JOIN serving.workspace_builds b ON b.id = p.build_id
            JOIN serving.parameter_definitions d ON d.fingerprint = %1$s
            WHERE %2$s""".formatted(DEFINITION, BUILT_IN_WINDOW);

    @Bean
    public Job parameterUsageJob(JobRepository jobRepository, ExportSteps steps) {
        return ExportJobs.job("parameterUsageJob", jobRepository, steps, TABLES, steps.derive("parameterValues", PARAMETER_VALUES));
    }
}
