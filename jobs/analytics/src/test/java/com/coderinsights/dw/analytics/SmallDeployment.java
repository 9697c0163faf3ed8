package com.coderinsights.dw.analytics;

import static com.coderinsights.dw.spark.jobs.testing.Landings.TEMPLATE;
import static com.coderinsights.dw.spark.jobs.testing.Landings.TEMPLATE_2;
import static com.coderinsights.dw.spark.jobs.testing.Landings.USER;
import static com.coderinsights.dw.spark.jobs.testing.Landings.USER_B;
import static com.coderinsights.dw.spark.jobs.testing.Landings.WORKSPACE;
import static com.coderinsights.dw.spark.jobs.testing.Landings.WORKSPACE_2;
import static com.coderinsights.dw.spark.jobs.testing.Landings.agent;
import static com.coderinsights.dw.spark.jobs.testing.Landings.app;
import static com.coderinsights.dw.spark.jobs.testing.Landings.uuid;

import com.coderinsights.dw.spark.jobs.testing.Landings;
import com.coderinsights.dw.spark.jobs.testing.Pipeline;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-made deployment whose reports are computed by hand in the tests. All of it lands in one hour's files
 * (2026-11-05 23:00), then the real pipeline builds the lake.
 *
 * <pre>
 * organizations  acme (ORG_ACME): templates python (T1 = TEMPLATE) and go (T2 = TEMPLATE_2)
 *                beta (ORG_BETA): template gpu (T3)
 * users          alice (A = USER), bob (B = USER_B), carol (C)
 * workspaces     W1 = alice's python, W2 = alice's go, W3 = bob's gpu
 *
 * alice   2026-11-02 10:00-10:19 VS Code in W1, latency 10     -> (10:00, T1) 20 min, median 10
 *         2026-11-02 10:10-10:29 SSH in W2, latency 0          -> (10:00, T2) 20 min, no median
 *                    (30 minutes of usage in the 10:00 half hour once the templates are summed and capped)
 *         2026-11-02 11:05, 12:05 and 2026-11-03 09:05 one VS Code minute in W1, latencies 20, 40, 100
 * bob     jupyter in W3: 2026-11-02 10:05-10:50 (25 + 20 min over two half hours), 12:10-12:12 and 12:20-12:21
 *         (3 min in one half hour); port 8080 14:00-14:05; a web terminal app session 14:10-14:12; no agent stats
 * carol   code-server in alice's W1: 2026-11-02 10:00-10:10 and 18:00-18:20; 2026-11-05 09:00-09:10
 * builds  W1 #1 (version V1, 11-02 08:00, region=eu), W1 #2 (V2, 11-02 09:00, region=us),
 *         W3 #1 (V3, 11-02 09:30, region=eu, gpus=2), W2 #1 (V4, 10-30, region=asia: before the reports' range)
 *         V1, V2 and V3 define "region" identically; V3 also has "gpus".
 * apps    W1's first build: code-server "code-server" /icon/code.svg (created 10-01); its second build:
 *         code-server "VS Code Web" /icon/code-web.svg (created 11-02 09:00, the latest); W3: jupyter "Jupyter"
 * logins  alice 2026-11-02 09:58, bob 12:00:30; carol 10:01 fails (401)
 * members alice in acme, bob in beta, carol in both
 * </pre>
 */
public final class SmallDeployment {

    public static final String ORG_ACME = uuid(9);
    public static final String ORG_BETA = uuid(8);
    public static final String T1 = TEMPLATE;
    public static final String T2 = TEMPLATE_2;
    public static final String T3 = uuid(30);
    public static final String A = USER;
    public static final String B = USER_B;
    public static final String C = uuid(3);
    public static final String W1 = WORKSPACE;
    public static final String W2 = WORKSPACE_2;
    public static final String W3 = uuid(31);

    private SmallDeployment() {
    }

    /** Writes the landing files and runs the pipeline into {@code lake}. */
    static void build(Path landing, Path lake) {
        writeLandings(landing);
        Pipeline.run(landing, lake, "small-deployment", Instant.parse("2026-11-06T00:10:00Z"));
    }

    /** Writes the landing files, all in the arrival hour 2026-11-05 23:00. */
    public static void writeLandings(Path landing) {
        String d = "2026-11-05";
        int h = 23;
        Landings.write(landing, "organizations", d, h, "orgs.ndjson", List.of(
                org(ORG_ACME, "acme"), org(ORG_BETA, "beta")));
        Landings.write(landing, "users", d, h, "users.ndjson", List.of(
                user(A, "alice", "https://example.com/alice.png"), user(B, "bob", null), user(C, "carol", null)));
        Landings.write(landing, "templates", d, h, "templates.ndjson", List.of(
                template(T1, ORG_ACME, "python"), template(T2, ORG_ACME, "go"), template(T3, ORG_BETA, "gpu")));
        Landings.write(landing, "workspaces", d, h, "workspaces.ndjson", List.of(
                workspace(W1, A, ORG_ACME, T1), workspace(W2, A, ORG_ACME, T2), workspace(W3, B, ORG_BETA, T3)));
        Landings.write(landing, "organization_members", d, h, "members.ndjson", List.of(
                member(A, ORG_ACME), member(B, ORG_BETA), member(C, ORG_ACME), member(C, ORG_BETA)));
        Landings.write(landing, "audit_logs", d, h, "audit.ndjson", List.of(
                login(uuid(300), A, "2026-11-02T09:58:00Z", 200), login(uuid(301), B, "2026-11-02T12:00:30Z", 200),
                login(uuid(302), C, "2026-11-02T10:01:00Z", 401)));
        String v1 = uuid(40), v2 = uuid(41), v3 = uuid(42), v4 = uuid(43);
        Landings.write(landing, "template_versions", d, h, "versions.ndjson", List.of(
                version(v1, T1, ORG_ACME), version(v2, T1, ORG_ACME), version(v3, T3, ORG_BETA), version(v4, T2, ORG_ACME)));
        String region = "\"name\":\"region\",\"description\":\"Where it runs\",\"type\":\"string\",\"display_name\":\"Region\","
                + "\"options\":[{\"name\":\"Europe\",\"description\":\"\",\"value\":\"eu\",\"icon\":\"\"},"
                + "{\"name\":\"US\",\"description\":\"\",\"value\":\"us\",\"icon\":\"\"}]";
        Landings.write(landing, "template_version_parameters", d, h, "params.ndjson", List.of(
                "{\"template_version_id\":\"" + v1 + "\"," + region + "}",
                "{\"template_version_id\":\"" + v2 + "\"," + region + "}",
                "{\"template_version_id\":\"" + v3 + "\"," + region + "}",
                "{\"template_version_id\":\"" + v4 + "\"," + region + "}",
                "{\"template_version_id\":\"" + v3 + "\",\"name\":\"gpus\",\"type\":\"number\",\"display_name\":\"GPUs\"}"));
        String b1 = uuid(60), b2 = uuid(61), b3 = uuid(62), b4 = uuid(63);
        String j1 = uuid(70), j2 = uuid(71), j3 = uuid(72), j4 = uuid(73);
        Landings.write(landing, "workspace_builds", d, h, "builds.ndjson", List.of(
                build(b1, W1, v1, 1, j1, "2026-11-02T08:00:00Z"), build(b2, W1, v2, 2, j2, "2026-11-02T09:00:00Z"),
                build(b3, W3, v3, 1, j3, "2026-11-02T09:30:00Z"), build(b4, W2, v4, 1, j4, "2026-10-30T12:00:00Z")));
        Landings.write(landing, "workspace_build_parameters", d, h, "build_params.ndjson", List.of(
                buildParam(b1, "region", "eu"), buildParam(b2, "region", "us"), buildParam(b3, "region", "eu"),
                buildParam(b3, "gpus", "2"), buildParam(b4, "region", "asia")));
        String r1 = uuid(80), r2 = uuid(81), r3 = uuid(82);
        Landings.write(landing, "workspace_resources", d, h, "resources.ndjson", List.of(
                resource(r1, j1), resource(r2, j2), resource(r3, j3)));
        String ag1 = Landings.AGENT, ag2 = uuid(90), ag3 = uuid(91);
        Landings.write(landing, "workspace_agents", d, h, "agents.ndjson", List.of(
                agentRow(ag1, r1), agentRow(ag2, r2), agentRow(ag3, r3)));
        Landings.write(landing, "workspace_apps", d, h, "apps.ndjson", List.of(
                appDef(uuid(100), ag1, "code-server", "code-server", "/icon/code.svg", "2026-10-01T00:00:00Z"),
                appDef(uuid(101), ag2, "code-server", "VS Code Web", "/icon/code-web.svg", "2026-11-02T09:00:00Z"),
                appDef(uuid(102), ag3, "jupyter", "Jupyter", "/icon/jupyter.svg", "2026-11-02T09:30:00Z")));

        List<String> agents = new ArrayList<>();
        for (int m = 0; m < 20; m++) {
            agents.add(agent(String.format("2026-11-02T10:%02d:05Z", m), A, T1, W1, "vscode=1", 1, 10));
            agents.add(agent(String.format("2026-11-02T10:%02d:07Z", 10 + m), A, T2, W2, "ssh=1", 1, 0));
        }
        agents.add(agent("2026-11-02T11:05:00Z", A, T1, W1, "vscode=1", 1, 20));
        agents.add(agent("2026-11-02T12:05:00Z", A, T1, W1, "vscode=1", 1, 40));
        agents.add(agent("2026-11-03T09:05:00Z", A, T1, W1, "vscode=1", 1, 100));
        Landings.write(landing, "workspace_agent_stats", d, h, "agent_stats.ndjson", agents);
        Landings.write(landing, "workspace_app_stats", d, h, "app_stats.ndjson", List.of(
                app(1, B, W3, "path", "jupyter", uuid(200), "2026-11-02T10:05:00Z", "2026-11-02T10:50:00Z", 5),
                app(2, B, W3, "path", "jupyter", uuid(201), "2026-11-02T12:10:00Z", "2026-11-02T12:12:00Z", 1),
                app(3, B, W3, "subdomain", "jupyter", uuid(202), "2026-11-02T12:20:00Z", "2026-11-02T12:21:00Z", 1),
                app(4, B, W3, "subdomain", "8080", uuid(203), "2026-11-02T14:00:00Z", "2026-11-02T14:05:00Z", 1),
                app(5, B, W3, "terminal", "[terminal]", uuid(204), "2026-11-02T14:10:00Z", "2026-11-02T14:12:00Z", 1),
                app(6, C, W1, "path", "code-server", uuid(205), "2026-11-02T10:00:00Z", "2026-11-02T10:10:00Z", 1),
                app(7, C, W1, "path", "code-server", uuid(206), "2026-11-02T18:00:00Z", "2026-11-02T18:20:00Z", 1),
                app(8, C, W1, "path", "code-server", uuid(207), "2026-11-05T09:00:00Z", "2026-11-05T09:10:00Z", 1)));
    }

    private static String member(String user, String org) {
        return "{\"user_id\":\"" + user + "\",\"organization_id\":\"" + org
                + "\",\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\",\"roles\":[]}";
    }

    private static String login(String id, String user, String time, int status) {
        return "{\"id\":\"" + id + "\",\"time\":\"" + time + "\",\"user_id\":\"" + user + "\",\"ip\":\"10.0.0.1\","
                + "\"user_agent\":\"curl\",\"resource_type\":\"api_key\",\"resource_id\":\"" + user
                + "\",\"resource_target\":\"\",\"action\":\"login\",\"status_code\":" + status + "}";
    }

    private static String org(String id, String name) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\"}";
    }

    private static String user(String id, String username, String avatar) {
        return "{\"id\":\"" + id + "\",\"email\":\"" + username + "@example.com\",\"username\":\"" + username + "\","
                + "\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\",\"status\":\"active\""
                + (avatar == null ? "" : ",\"avatar_url\":\"" + avatar + "\"") + "}";
    }

    private static String template(String id, String org, String name) {
        return "{\"id\":\"" + id + "\",\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\","
                + "\"organization_id\":\"" + org + "\",\"name\":\"" + name + "\",\"display_name\":\"" + name.toUpperCase() + "\"}";
    }

    private static String workspace(String id, String owner, String org, String template) {
        return "{\"id\":\"" + id + "\",\"created_at\":\"2026-10-01T00:00:00Z\",\"updated_at\":\"2026-10-01T00:00:00Z\","
                + "\"owner_id\":\"" + owner + "\",\"organization_id\":\"" + org + "\",\"template_id\":\"" + template
                + "\",\"deleted\":false,\"name\":\"ws\"}";
    }

    private static String version(String id, String template, String org) {
        return "{\"id\":\"" + id + "\",\"template_id\":\"" + template + "\",\"organization_id\":\"" + org
                + "\",\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\",\"name\":\"v\"}";
    }

    private static String build(String id, String workspace, String version, int number, String job, String createdAt) {
        return "{\"id\":\"" + id + "\",\"created_at\":\"" + createdAt + "\",\"updated_at\":\"" + createdAt + "\",\"workspace_id\":\""
                + workspace + "\",\"template_version_id\":\"" + version + "\",\"build_number\":" + number
                + ",\"transition\":\"start\",\"initiator_id\":\"" + A + "\",\"job_id\":\"" + job + "\"}";
    }

    private static String buildParam(String build, String name, String value) {
        return "{\"workspace_build_id\":\"" + build + "\",\"name\":\"" + name + "\",\"value\":\"" + value + "\"}";
    }

    private static String resource(String id, String job) {
        return "{\"id\":\"" + id + "\",\"created_at\":\"2026-10-01T00:00:00Z\",\"job_id\":\"" + job
                + "\",\"transition\":\"start\",\"type\":\"docker_container\",\"name\":\"dev\"}";
    }

    private static String agentRow(String id, String resource) {
        return "{\"id\":\"" + id + "\",\"created_at\":\"2026-10-01T00:00:00Z\",\"updated_at\":\"2026-10-01T00:00:00Z\","
                + "\"name\":\"main\",\"resource_id\":\"" + resource + "\"}";
    }

    private static String appDef(String id, String agent, String slug, String displayName, String icon, String createdAt) {
        return "{\"id\":\"" + id + "\",\"created_at\":\"" + createdAt + "\",\"agent_id\":\"" + agent + "\",\"slug\":\"" + slug
                + "\",\"display_name\":\"" + displayName + "\",\"icon\":\"" + icon + "\"}";
    }
}
