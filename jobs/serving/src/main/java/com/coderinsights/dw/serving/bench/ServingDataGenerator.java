package com.coderinsights.dw.serving.bench;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.postgresql.PGConnection;

/**
 * Fills the serving tables with gold-level rows of a large deployment (seeded, so every run is the same): the
 * benchmark measures serving, not the pipeline. The shapes follow the simulator's: users work on weekdays in a
 * block of hours, mostly in one template (their workspaces'), with VS Code, JetBrains, SSH and web-terminal
 * minutes, web apps in about a third of their half hours, and a connection latency per user; their workspaces are
 * built (started) on about half the days, with three parameters each.
 */
final class ServingDataGenerator {

    record Deployment(List<UUID> templates, List<UUID> users, String ownerName, long bucketRows, long appRows, long dailyRows,
                      long buildRows) {
    }

    private static final String[] APPS = {"code-server", "jupyter", "filebrowser", "grafana", "rstudio"};

    private final Random random;
    private final int workspaces;
    private final int activeUsers;
    private final int templateCount;
    private final LocalDate firstDay;
    private final int days;

    ServingDataGenerator(long seed, int workspaces, int activeUsers, int templates, LocalDate firstDay, int days) {
        this.random = new Random(seed);
        this.workspaces = workspaces;
        this.activeUsers = activeUsers;
        this.templateCount = templates;
        this.firstDay = firstDay;
        this.days = days;
    }

    Deployment fill(Connection c) throws SQLException, IOException {
        try (Statement s = c.createStatement()) {
            s.execute("TRUNCATE serving.usage_buckets, serving.app_usage_buckets, serving.user_daily_usage,"
                    + " serving.template_user_daily_usage, serving.v1_activity_hourly, serving.workspace_builds, serving.build_parameters,"
                    + " serving.users, serving.organizations, serving.organization_members, serving.templates, serving.group_members,"
                    + " serving.template_apps, serving.api_tokens, serving.parameter_values, serving.build_parameter_sets,"
                    + " serving.workspace_latest_builds, serving.parameter_definitions");
        }
        var copy = ((PGConnection) c.unwrap(PGConnection.class)).getCopyAPI();
        int orgs = 5;
        List<UUID> orgIds = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (int o = 0; o < orgs; o++) {
            UUID id = uuid();
            orgIds.add(id);
            b.append(id).append(",org-").append(o).append(",0\n");
        }
        copy.copyIn("COPY serving.organizations (id, name, export_id) FROM STDIN (FORMAT csv)", new StringReader(b.toString()));

        List<UUID> templates = new ArrayList<>();
        List<UUID> templateOrg = new ArrayList<>();
        b.setLength(0);
        StringBuilder apps = new StringBuilder();
        for (int t = 0; t < templateCount; t++) {
            UUID id = uuid();
            UUID org = orgIds.get(t % orgs);
            templates.add(id);
            templateOrg.add(org);
            b.append(id).append(',').append(org).append(",template-").append(t).append(",2026-01-01 00:00:00+00,false,{},{},0\n");
            for (String app : APPS) {
                apps.append(id).append(',').append(app).append(',').append(app).append(",/icon/").append(app).append(".svg,0\n");
            }
        }
        copy.copyIn("COPY serving.templates (id, organization_id, name, created_at, deleted, user_acl, group_acl, export_id)"
                + " FROM STDIN (FORMAT csv, QUOTE '\"')", new StringReader(b.toString().replace(",{},{},", ",\"{}\",\"{}\",")));
        copy.copyIn("COPY serving.template_apps (template_id, slug, display_name, icon, export_id) FROM STDIN (FORMAT csv)",
                new StringReader(apps.toString()));

        // users: the active ones first, then as many again who never show up
        int userCount = activeUsers * 5 / 4;
        List<UUID> users = new ArrayList<>();
        b.setLength(0);
        StringBuilder members = new StringBuilder();
        for (int u = 0; u < userCount; u++) {
            UUID id = uuid();
            users.add(id);
            String roles = u == 0 ? "{owner}" : "{}";
            b.append(id).append(",user").append(u).append(",User ").append(u).append(",https://example.com/a/").append(u)
                    .append(".png,").append(roles).append(",active,false,0\n");
            members.append(orgIds.get(u % orgs)).append(',').append(id).append(",{},0\n");
        }
        copy.copyIn("COPY serving.users (id, username, name, avatar_url, rbac_roles, status, deleted, export_id) FROM STDIN (FORMAT csv)",
                new StringReader(b.toString()));
        copy.copyIn("COPY serving.organization_members (organization_id, user_id, roles, export_id) FROM STDIN (FORMAT csv)",
                new StringReader(members.toString()));

        // workspaces: each active user owns some, in templates chosen with a skew (a few templates are popular)
        int[][] userTemplates = new int[activeUsers][];
        for (int u = 0; u < activeUsers; u++) {
            int n = Math.max(1, workspaces / activeUsers + (random.nextInt(3) - 1));
            userTemplates[u] = new int[Math.min(n, 3)];
            for (int k = 0; k < userTemplates[u].length; k++) {
                userTemplates[u][k] = (int) Math.min(templateCount - 1, Math.floor(templateCount * Math.pow(random.nextDouble(), 2)));
            }
        }
        long bucketRows = 0;
        long appRows = 0;
        long dailyRows = 0;
        StringBuilder buckets = new StringBuilder();
        StringBuilder appBuckets = new StringBuilder();
        StringBuilder daily = new StringBuilder();
        StringBuilder templateDaily = new StringBuilder();
        for (int d = 0; d < days; d++) {
            LocalDate day = firstDay.plusDays(d);
            boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
            for (int u = 0; u < activeUsers; u++) {
                if (random.nextDouble() > (weekend ? 0.08 : 0.72)) {
                    continue;
                }
                UUID user = users.get(u);
                int startHalf = 12 + random.nextInt(12);
                int halves = 4 + random.nextInt(14);
                int[] mins = new int[6];
                java.util.Map<Integer, int[]> perTemplate = new java.util.TreeMap<>();
                double latency = 15 + random.nextDouble() * 180;
                for (int h = startHalf; h < Math.min(48, startHalf + halves); h++) {
                    int t = userTemplates[u][random.nextInt(userTemplates[u].length)];
                    Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(h * 1800L);
                    int usage = 5 + random.nextInt(26);
                    int vscode = random.nextDouble() < 0.55 ? usage : 0;
                    int jetbrains = vscode == 0 && random.nextDouble() < 0.3 ? usage : 0;
                    int ssh = random.nextDouble() < 0.25 ? random.nextInt(usage) + 1 : 0;
                    int pty = random.nextDouble() < 0.1 ? random.nextInt(usage) + 1 : 0;
                    String median = random.nextDouble() < 0.9 ? String.format("%.3f", latency * (0.8 + 0.4 * random.nextDouble())) : "";
                    buckets.append(start).append(',').append(start.plusSeconds(1800)).append(',').append(templates.get(t)).append(',')
                            .append(user).append(',').append(median).append(',').append(usage).append(',').append(ssh).append(",0,")
                            .append(pty).append(',').append(vscode).append(',').append(jetbrains).append(",0\n");
                    bucketRows++;
                    if (random.nextDouble() < 0.35) {
                        String app = APPS[random.nextInt(APPS.length)];
                        appBuckets.append(start).append(',').append(templates.get(t)).append(',').append(user).append(',').append(app)
                                .append(',').append(1 + random.nextInt(usage)).append(",0\n");
                        appRows++;
                    }
                    int[] m = {usage, ssh, 0, pty, vscode, jetbrains};
                    int[] tm = perTemplate.computeIfAbsent(t, k -> new int[6]);
                    for (int i = 0; i < 6; i++) {
                        mins[i] += m[i];
                        tm[i] += m[i];
                    }
                }
                StringBuilder ids = new StringBuilder("\"{");
                for (var e : perTemplate.entrySet()) {
                    ids.append(ids.length() > 2 ? "," : "").append(templates.get(e.getKey()));
                    templateDaily.append(day).append(',').append(templates.get(e.getKey())).append(',').append(user);
                    for (int v : e.getValue()) {
                        templateDaily.append(',').append(v);
                    }
                    templateDaily.append(",0\n");
                }
                daily.append(day).append(',').append(user).append(',').append(ids).append("}\"");
                for (int v : mins) {
                    daily.append(',').append(v);
                }
                daily.append(",0\n");
                dailyRows++;
            }
            copy.copyIn("COPY serving.usage_buckets (start_time, end_time, template_id, user_id, median_latency_ms, usage_mins, ssh_mins,"
                    + " sftp_mins, reconnecting_pty_mins, vscode_mins, jetbrains_mins, export_id) FROM STDIN (FORMAT csv)",
                    new StringReader(buckets.toString()));
            copy.copyIn("COPY serving.app_usage_buckets (start_time, template_id, user_id, app_name, minutes, export_id)"
                    + " FROM STDIN (FORMAT csv)", new StringReader(appBuckets.toString()));
            copy.copyIn("COPY serving.user_daily_usage (day, user_id, template_ids, usage_mins, ssh_mins, sftp_mins,"
                    + " reconnecting_pty_mins, vscode_mins, jetbrains_mins, export_id) FROM STDIN (FORMAT csv)", new StringReader(daily.toString()));
            copy.copyIn("COPY serving.template_user_daily_usage (day, template_id, user_id, usage_mins, ssh_mins, sftp_mins,"
                    + " reconnecting_pty_mins, vscode_mins, jetbrains_mins, export_id) FROM STDIN (FORMAT csv)",
                    new StringReader(templateDaily.toString()));
            buckets.setLength(0);
            appBuckets.setLength(0);
            daily.setLength(0);
            templateDaily.setLength(0);
        }
        long buildRows = builds(copy, userTemplates, templates);
        try (Statement s = c.createStatement()) {
            // the tables the exporter derives after the rows they come from
            var window = new com.coderinsights.dw.serving.export.ExportWindow(firstDay, firstDay.plusDays(days));
            for (String derive : List.of(com.coderinsights.dw.serving.export.UsageBucketsExportJobConfiguration.TEMPLATE_APP_USAGE_DAY_TOTALS,
                    com.coderinsights.dw.serving.export.UsageBucketsExportJobConfiguration.APP_USAGE_DAY_TOTALS,
                    com.coderinsights.dw.serving.export.DailyUsageExportJobConfiguration.DAY_TOTALS,
                    com.coderinsights.dw.serving.export.DailyUsageExportJobConfiguration.USAGE_SERIES,
                    com.coderinsights.dw.serving.export.ParameterUsageExportJobConfiguration.PARAMETER_VALUES)) {
                for (String statement : window.statements(derive)) {
                    s.execute(statement);
                }
            }
            s.execute("ANALYZE");
        }
        return new Deployment(templates, users, "user0", bucketRows, appRows, dailyRows, buildRows);
    }

    /**
     * Workspace builds with their parameters for the parameter-usage report: each active user's workspaces (one per
     * template it uses) start on about half the days of the range, each start a build with a region (a choice with
     * options), a CPU count and a dotfiles URL. Returns the number of builds.
     */
    private long builds(org.postgresql.copy.CopyManager copy, int[][] userTemplates, List<UUID> templates)
            throws SQLException, IOException {
        String options = csv("[" + java.util.stream.Stream.of("US East/us-east", "EU West/eu-west", "Asia/ap-south")
                .map(o -> "{\"name\":\"" + o.split("/")[0] + "\",\"description\":\"\",\"value\":\"" + o.split("/")[1] + "\",\"icon\":\"\"}")
                .collect(java.util.stream.Collectors.joining(",")) + "]");
        String[] regions = {"us-east", "eu-west", "ap-south"};
        StringBuilder builds = new StringBuilder();
        StringBuilder parameters = new StringBuilder();
        long count = 0;
        for (int[] owned : userTemplates) {
            for (int t : java.util.Arrays.stream(owned).distinct().toArray()) {
                UUID workspace = uuid();
                String region = regions[random.nextInt(regions.length)];
                String cpu = String.valueOf(2 << random.nextInt(3));
                String dotfiles = random.nextDouble() < 0.4 ? "https://github.com/dev/dotfiles" : "";
                int number = 0;
                for (int d = 0; d < days; d++) {
                    if (random.nextDouble() >= 0.5) {
                        continue;
                    }
                    UUID build = uuid();
                    Instant at = firstDay.plusDays(d).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(6 * 3600 + random.nextInt(12 * 3600));
                    builds.append(build).append(',').append(workspace).append(',').append(templates.get(t)).append(',').append(++number)
                            .append(',').append(at).append(",0\n");
                    if (random.nextDouble() < 0.05) {
                        region = regions[random.nextInt(regions.length)];
                    }
                    parameters.append(build).append(",region,string,Region,Where the workspace runs,").append(options).append(',')
                            .append(region).append(",0\n");
                    parameters.append(build).append(",cpu,number,CPU cores,\"\",\"\",").append(cpu).append(",0\n");
                    parameters.append(build).append(",dotfiles_uri,string,Dotfiles,A dotfiles repository,\"\",").append(csv(dotfiles)).append(",0\n");
                    count++;
                }
            }
        }
        copy.copyIn("COPY serving.workspace_builds (id, workspace_id, template_id, build_number, created_at, export_id) FROM STDIN (FORMAT csv)",
                new StringReader(builds.toString()));
        copy.copyIn("COPY serving.build_parameters (build_id, name, type, display_name, description, options, value, export_id)"
                + " FROM STDIN (FORMAT csv)", new StringReader(parameters.toString()));
        return count;
    }

    /** A CSV field in quotes. */
    private static String csv(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }

    private UUID uuid() {
        return new UUID(random.nextLong(), random.nextLong());
    }
}
