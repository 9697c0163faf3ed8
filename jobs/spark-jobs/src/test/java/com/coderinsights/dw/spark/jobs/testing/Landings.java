package com.coderinsights.dw.spark.jobs.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writes hand-made landing files: {@code <root>/<stream>/dt=<date>/hour=<hh>/<name>}. */
public final class Landings {

    private Landings() {
    }

    public static Path file(Path root, String stream, String date, int hour, String name) {
        return root.resolve(stream).resolve("dt=" + date).resolve(String.format("hour=%02d", hour)).resolve(name);
    }

    public static Path write(Path root, String stream, String date, int hour, String name, List<String> lines) {
        Path f = file(root, stream, date, hour, name);
        try {
            Files.createDirectories(f.getParent());
            byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
            if (name.endsWith(".gz")) {
                try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
                    out.write(bytes);
                }
            } else {
                Files.write(f, bytes);
            }
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final String USER = "11111111-1111-4111-8111-111111111111";
    public static final String AGENT = "22222222-2222-4222-8222-222222222222";
    public static final String WORKSPACE = "33333333-3333-4333-8333-333333333333";
    public static final String TEMPLATE = "44444444-4444-4444-8444-444444444444";

    /** A stable-generation agent stat with a VS Code session. */
    public static String agentStat(String id, String createdAt, int connections, double latency) {
        return "{\"id\":\"" + id + "\",\"created_at\":\"" + createdAt + "\",\"user_id\":\"" + USER + "\",\"agent_id\":\"" + AGENT
                + "\",\"workspace_id\":\"" + WORKSPACE + "\",\"template_id\":\"" + TEMPLATE + "\",\"connections_by_proto\":{\"tcp\":"
                + connections + "},\"connection_count\":" + connections + ",\"rx_packets\":1,\"rx_bytes\":100,\"tx_packets\":1,"
                + "\"tx_bytes\":200,\"connection_median_latency_ms\":" + latency + ",\"session_count_vscode\":1,"
                + "\"session_count_jetbrains\":0,\"session_count_reconnecting_pty\":0,\"session_count_ssh\":0,\"usage\":false}";
    }

    public static String appStat(long id, String sessionId, String start, String end, int requests) {
        return "{\"id\":" + id + ",\"user_id\":\"" + USER + "\",\"workspace_id\":\"" + WORKSPACE + "\",\"agent_id\":\"" + AGENT
                + "\",\"access_method\":\"path\",\"slug_or_port\":\"code-server\",\"session_id\":\"" + sessionId
                + "\",\"session_started_at\":\"" + start + "\",\"session_ended_at\":\"" + end + "\",\"requests\":" + requests + "}";
    }

    public static String uuid(int n) {
        return String.format("00000000-0000-4000-8000-%012d", n);
    }

    public static final String USER_B = "55555555-5555-4555-8555-555555555555";
    public static final String TEMPLATE_2 = "66666666-6666-4666-8666-666666666666";
    public static final String WORKSPACE_2 = "77777777-7777-4777-8777-777777777777";
    public static final String AGENT_2 = "88888888-8888-4888-8888-888888888888";

    /** Short names for the fixture ids in assertion strings. */
    public static String name(String uuid) {
        return switch (uuid) {
            case USER -> "userA";
            case USER_B -> "userB";
            case TEMPLATE -> "tmpl1";
            case TEMPLATE_2 -> "tmpl2";
            default -> uuid;
        };
    }

    private static int seq;

    /**
     * An agent stat of the 2025 generation: {@code sessions} is "vscode=1,ssh=2" (absent ones are 0).
     * Owner {@code user}, template and workspace/agent of {@code workspace} (WORKSPACE or WORKSPACE_2).
     */
    public static String agent(String createdAt, String user, String template, String workspace, String sessions, long connections,
                               double latency) {
        java.util.Map<String, Long> c = new java.util.HashMap<>();
        for (String kv : sessions.isEmpty() ? new String[0] : sessions.split(",")) {
            String[] p = kv.split("=");
            c.put(p[0], Long.parseLong(p[1]));
        }
        return "{\"id\":\"" + uuid(100000 + (++seq)) + "\",\"created_at\":\"" + createdAt + "\",\"user_id\":\"" + user
                + "\",\"agent_id\":\"" + agentOf(workspace) + "\",\"workspace_id\":\"" + workspace + "\",\"template_id\":\""
                + template + "\",\"connection_count\":" + connections + ",\"connection_median_latency_ms\":" + latency
                + ",\"session_count_vscode\":" + c.getOrDefault("vscode", 0L) + ",\"session_count_jetbrains\":"
                + c.getOrDefault("jetbrains", 0L) + ",\"session_count_reconnecting_pty\":" + c.getOrDefault("reconnecting_pty", 0L)
                + ",\"session_count_ssh\":" + c.getOrDefault("ssh", 0L) + "}";
    }

    /** The same report in the 2026 generation: {@code sessions} becomes the session_counts map as given. */
    public static String agent2026(String createdAt, String user, String template, String workspace, String sessions, long connections,
                                   double latency) {
        StringBuilder m = new StringBuilder("{");
        for (String kv : sessions.isEmpty() ? new String[0] : sessions.split(",")) {
            String[] p = kv.split("=");
            m.append(m.length() > 1 ? "," : "").append('"').append(p[0]).append("\":").append(p[1]);
        }
        return "{\"id\":\"" + uuid(100000 + (++seq)) + "\",\"created_at\":\"" + createdAt + "\",\"user_id\":\"" + user
                + "\",\"agent_id\":\"" + agentOf(workspace) + "\",\"workspace_id\":\"" + workspace + "\",\"template_id\":\""
                + template + "\",\"connection_count\":" + connections + ",\"connection_median_latency_ms\":" + latency
                + ",\"session_counts\":" + m.append('}') + "}";
    }

    public static String agentOf(String workspace) {
        return workspace.equals(WORKSPACE_2) ? AGENT_2 : AGENT;
    }

    /** An app session row by {@code user} in {@code workspace}. */
    public static String app(long id, String user, String workspace, String access, String slugOrPort, String sessionId, String start,
                             String end, int requests) {
        return "{\"id\":" + id + ",\"user_id\":\"" + user + "\",\"workspace_id\":\"" + workspace + "\",\"agent_id\":\""
                + agentOf(workspace) + "\",\"access_method\":\"" + access + "\",\"slug_or_port\":\"" + slugOrPort
                + "\",\"session_id\":\"" + sessionId + "\",\"session_started_at\":\"" + start + "\",\"session_ended_at\":\""
                + end + "\",\"requests\":" + requests + "}";
    }

    /** The workspaces dimension: WORKSPACE (owner A, template 1) and WORKSPACE_2 (owner A, template 2). */
    public static List<String> workspaces() {
        return List.of(workspace(WORKSPACE, USER, TEMPLATE), workspace(WORKSPACE_2, USER, TEMPLATE_2));
    }

    private static String workspace(String id, String owner, String template) {
        return "{\"id\":\"" + id + "\",\"created_at\":\"2026-10-01T00:00:00Z\",\"updated_at\":\"2026-10-01T00:00:00Z\","
                + "\"owner_id\":\"" + owner + "\",\"organization_id\":\"" + uuid(9) + "\",\"template_id\":\"" + template
                + "\",\"deleted\":false,\"name\":\"ws\"}";
    }
}
