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
}
