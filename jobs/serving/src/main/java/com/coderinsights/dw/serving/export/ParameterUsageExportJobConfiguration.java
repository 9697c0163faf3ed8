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

    /** A timestamp column inside the window. */
    private static final String IN_WINDOW = "%1$s >= CAST(:fromTs AS timestamptz) AND %1$s < CAST(:toTs AS timestamptz)";
    private static final String BUILT_IN_WINDOW = IN_WINDOW.formatted("created_at");

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
     * For the window's builds (V8): their parameters' definitions and values numbered, a row per build with the numbers
     * of its values (every build: one without parameters is still a workspace's latest), and the latest build of
     * each workspace with a build in the window, or whose latest or newest build was there (the export may have
     * pruned it). Running it again changes nothing.
     */
    public static final String PARAMETER_VALUES = """
            INSERT INTO serving.parameter_definitions (fingerprint, name, type, display_name, description, options)
            SELECT DISTINCT %1$s, p.name, p.type, p.display_name, p.description, p.options
            FROM serving.build_parameters p JOIN serving.workspace_builds b ON b.id = p.build_id
            WHERE %2$s
            ON CONFLICT (fingerprint) DO NOTHING;
            INSERT INTO serving.parameter_values (definition_id, value)
            SELECT DISTINCT d.id, p.value
            FROM serving.build_parameters p
            JOIN serving.workspace_builds b ON b.id = p.build_id
            JOIN serving.parameter_definitions d ON d.fingerprint = %1$s
            WHERE %2$s
            ORDER BY d.id, p.value
            ON CONFLICT (definition_id, value) DO NOTHING;
            DELETE FROM serving.build_parameter_sets WHERE %2$s;
            INSERT INTO serving.build_parameter_sets (build_id, workspace_id, template_id, build_number, created_at, value_ids)
            SELECT b.id, b.workspace_id, b.template_id, b.build_number, b.created_at,
                   coalesce(array_agg(v.id ORDER BY v.id) FILTER (WHERE v.id IS NOT NULL), '{}')
            FROM serving.workspace_builds b
            LEFT JOIN serving.build_parameters p ON p.build_id = b.id
            LEFT JOIN serving.parameter_definitions d ON d.fingerprint = %1$s
            LEFT JOIN serving.parameter_values v ON v.definition_id = d.id AND v.value = p.value
            WHERE %2$s
            GROUP BY b.id;
            INSERT INTO serving.workspace_latest_builds (template_id, workspace_id, build_id, build_number, created_at, last_created_at,
                                                         value_ids)
            SELECT w.template_id, w.workspace_id, l.build_id, l.build_number, l.created_at, n.last_created_at, l.value_ids
            FROM (
                SELECT template_id, workspace_id FROM serving.build_parameter_sets WHERE %2$s
                UNION
                SELECT template_id, workspace_id FROM serving.workspace_latest_builds
                WHERE (%2$s) OR (%3$s)
            ) w
            CROSS JOIN LATERAL (
                SELECT build_id, build_number, created_at, value_ids FROM serving.build_parameter_sets s
                WHERE s.workspace_id = w.workspace_id AND s.template_id = w.template_id
                ORDER BY build_number DESC LIMIT 1
            ) l
            CROSS JOIN LATERAL (
                SELECT max(created_at) AS last_created_at FROM serving.build_parameter_sets s
                WHERE s.workspace_id = w.workspace_id AND s.template_id = w.template_id
            ) n
            ON CONFLICT (template_id, workspace_id) DO UPDATE SET build_id = EXCLUDED.build_id, build_number = EXCLUDED.build_number,
                created_at = EXCLUDED.created_at, last_created_at = EXCLUDED.last_created_at, value_ids = EXCLUDED.value_ids;
            DELETE FROM serving.workspace_latest_builds l
            WHERE NOT EXISTS (SELECT FROM serving.build_parameter_sets s WHERE s.build_id = l.build_id)""".formatted(DEFINITION,
            BUILT_IN_WINDOW, IN_WINDOW.formatted("last_created_at"));

    @Bean
    public Job parameterUsageJob(JobRepository jobRepository, ExportSteps steps) {
        return ExportJobs.job("parameterUsageJob", jobRepository, steps, TABLES, steps.derive("parameterValues", PARAMETER_VALUES));
    }
}
