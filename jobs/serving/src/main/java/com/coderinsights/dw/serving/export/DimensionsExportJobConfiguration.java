package com.coderinsights.dw.serving.export;

import static com.coderinsights.dw.serving.export.TableExport.col;

import java.util.List;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code dimensionsJob}: the names, avatars and access rules the API needs, replaced whole by every export
 * (silver keeps the latest version of each row). No e-mail, IP or user agent leaves the lake.
 */
@Configuration
public class DimensionsExportJobConfiguration {

    static final List<TableExport> TABLES = List.of(
            new TableExport("users",
                    "SELECT id, username, coalesce(name, ''), coalesce(avatar_url, ''), " + TrinoSql.textArray("rbac_roles") + ", status, "
                            + "coalesce(deleted, false) FROM silver.users ORDER BY id",
                    "serving.users",
                    List.of(col("id", "uuid"), col("username"), col("name"), col("avatar_url"), col("rbac_roles", "text[]"), col("status"),
                            col("deleted")),
                    "(id)", null),
            new TableExport("organizations",
                    "SELECT id, name FROM silver.organizations ORDER BY id",
                    "serving.organizations", List.of(col("id", "uuid"), col("name")), "(id)", null),
            new TableExport("organizationMembers",
                    "SELECT organization_id, user_id, " + TrinoSql.textArray("roles")
                            + " FROM silver.organization_members ORDER BY organization_id, user_id",
                    "serving.organization_members",
                    List.of(col("organization_id", "uuid"), col("user_id", "uuid"), col("roles", "text[]")),
                    "(organization_id, user_id)", null),
            new TableExport("templates",
                    "SELECT id, organization_id, name, " + TrinoSql.instant("created_at") + ", coalesce(deleted, false), "
                            + "coalesce(CAST(user_acl AS varchar), '{}'), coalesce(CAST(group_acl AS varchar), '{}') "
                            + "FROM silver.templates ORDER BY id",
                    "serving.templates",
                    List.of(col("id", "uuid"), col("organization_id", "uuid"), col("name"), col("created_at", "timestamptz"),
                            col("deleted"), col("user_acl", "jsonb"), col("group_acl", "jsonb")),
                    "(id)", null),
            new TableExport("groupMembers",
                    "SELECT group_id, user_id FROM silver.group_members ORDER BY group_id, user_id",
                    "serving.group_members", List.of(col("group_id", "uuid"), col("user_id", "uuid")), "(group_id, user_id)", null),
            new TableExport("templateApps",
                    "SELECT template_id, slug, display_name, icon FROM analytics.template_apps ORDER BY template_id, slug",
                    "serving.template_apps",
                    List.of(col("template_id", "uuid"), col("slug"), col("display_name"), col("icon")),
                    "(template_id, slug)", null));

    @Bean
    public Job dimensionsJob(JobRepository jobRepository, ExportSteps steps) {
        // the apps report's totals over all templates are keyed by the app definitions: derived again when they change
        return ExportJobs.job("dimensionsJob", jobRepository, steps, TABLES,
                steps.derive("appUsageDayTotals", UsageBucketsExportJobConfiguration.APP_USAGE_DAY_TOTALS));
    }
}
