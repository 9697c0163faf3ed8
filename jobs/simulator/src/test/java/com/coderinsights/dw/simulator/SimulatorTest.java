package com.coderinsights.dw.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.coderinsights.dw.core.contract.ParseResult;
import com.coderinsights.dw.core.contract.RawContract;
import com.coderinsights.dw.core.contract.RecordParser;
import com.coderinsights.dw.core.contract.StreamSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static Path faulty;
    private static Path clean;

    private static SimConfig config(Path out, Landing.Rates rates, boolean gzip) {
        return new SimConfig(7, out, 2, 14, 4, 20, 2, LocalDate.of(2026, 11, 6), gzip, 5_000, 0, rates);
    }

    @BeforeAll
    static void simulate() {
        faulty = tmp.resolve("faulty");
        clean = tmp.resolve("clean");
        // high fault rates, so that a small deployment shows every kind of fault
        new Simulator(config(faulty, new Landing.Rates(0.01, 0.01, 0.02, 0.005, 0.01, 0.2), false)).run();
        new Simulator(config(clean, Landing.Rates.NONE, false)).run();
    }

    /** Every line of every file, per stream, in file order (files sorted by path). */
    private static Map<String, List<String>> lines(Path root) {
        Map<String, List<String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).filter(p -> p.toString().contains(".ndjson")).sorted().toList()) {
                String stream = root.relativize(f).getName(0).toString();
                var in = Files.newInputStream(f);
                var reader = new BufferedReader(new InputStreamReader(
                        f.toString().endsWith(".gz") ? new GZIPInputStream(in) : in, StandardCharsets.UTF_8));
                List<String> l = out.computeIfAbsent(stream, s -> new ArrayList<>());
                reader.lines().forEach(l::add);
                reader.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String digest(Path root) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).filter(p -> !p.endsWith("summary.json")).sorted().toList()) {
                md.update(root.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                md.update(Files.readAllBytes(f));
            }
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    @Test
    void shouldWriteTheSameFilesForTheSameSeed() throws Exception {
        Path again = tmp.resolve("again");
        new Simulator(config(again, Landing.Rates.NONE, false)).run();

        assertThat(digest(again)).isEqualTo(digest(clean));
    }

    @Test
    void shouldCountEveryLineAndEveryMalformedLineExactly() throws Exception {
        Path out = tmp.resolve("summary-check");
        Files.createDirectories(out);
        SimConfig cfg = config(out, new Landing.Rates(0.01, 0.01, 0.02, 0.005, 0.01, 0.2), true);
        Landing landing = new Simulator(cfg).run();
        Map<String, Object> summary = SimulateMain.summary(cfg, landing, java.time.Duration.ZERO);
        JsonNode streams = JSON.valueToTree(summary).get("streams");

        Map<String, List<String>> all = lines(out);
        for (Map.Entry<String, List<String>> e : all.entrySet()) {
            JsonNode s = streams.get(e.getKey());
            RecordParser parser = new RecordParser(RawContract.stream(e.getKey()));
            long bad = e.getValue().stream().filter(l -> !parser.parse(l).isOk()).count();
            // lines counts re-delivered copies too; malformed lines are counted once, in their original file
            assertThat(e.getValue()).as(e.getKey() + " lines").hasSize(s.get("lines").asInt());
            assertThat(bad).as(e.getKey() + " malformed lines (originals and re-delivered copies)")
                    .isGreaterThanOrEqualTo(s.get("malformed_lines_total").asLong());
            assertThat(s.get("expected_bronze_rows").asLong() + s.get("expected_rejected_lines").asLong()
                    + s.get("redelivered_lines").asLong()).isEqualTo(e.getValue().size());
        }
        JsonNode agent = streams.get("workspace_agent_stats");
        assertThat(agent.get("duplicate_rows").asLong()).isPositive();
        assertThat(agent.get("late_rows").asLong()).isPositive();
        assertThat(agent.get("out_of_order_rows").asLong()).isPositive();
        assertThat(agent.get("extra_field_rows").asLong()).isPositive();
        assertThat(agent.get("redelivered_files").asLong()).isPositive();
        for (String kind : Landing.MALFORMED_KINDS) {
            assertThat(agent.get("malformed_lines").get(kind).asLong()).as(kind).isPositive();
        }
    }

    @Test
    void shouldCountMalformedLinesExactlyWithoutRedelivery() {
        Path out = tmp.resolve("exact");
        SimConfig cfg = config(out, new Landing.Rates(0.01, 0.01, 0.02, 0.005, 0.01, 0), false);
        Landing landing = new Simulator(cfg).run();

        for (Map.Entry<String, List<String>> e : lines(out).entrySet()) {
            Landing.StreamStats st = landing.allStats().get(e.getKey());
            RecordParser parser = new RecordParser(RawContract.stream(e.getKey()));
            Map<String, Long> byCode = new HashMap<>();
            for (String l : e.getValue()) {
                ParseResult r = parser.parse(l);
                if (!r.isOk()) {
                    byCode.merge(r.rejectCode().code(), 1L, Long::sum);
                }
            }
            assertThat(byCode.getOrDefault("invalid_json", 0L)).as(e.getKey() + " truncated").isEqualTo(st.malformed[0]);
            assertThat(byCode.getOrDefault("wrong_type", 0L)).as(e.getKey() + " wrong type").isEqualTo(st.malformed[1]);
            assertThat(byCode.getOrDefault("missing_required_field", 0L)).as(e.getKey() + " missing").isEqualTo(st.malformed[2]);
            assertThat((long) e.getValue().size()).isEqualTo(st.linesInFiles);
        }
    }

    @Test
    void shouldLandTheSameRowsWithAndWithoutFaults() {
        Map<String, List<String>> withFaults = lines(faulty);
        Map<String, List<String>> without = lines(clean);

        for (String stream : List.of("workspace_agent_stats", "workspace_app_stats", "connection_logs", "audit_logs")) {
            RecordParser parser = new RecordParser(RawContract.stream(stream));
            Set<String> a = new HashSet<>();
            for (String l : withFaults.get(stream)) {
                ParseResult r = parser.parse(l);
                if (r.isOk()) {
                    a.add(canonical(parser.spec(), r));
                }
            }
            Set<String> b = new HashSet<>();
            for (String l : without.get(stream)) {
                b.add(canonical(parser.spec(), parser.parse(l)));
            }
            assertThat(a).as(stream).isEqualTo(b);
        }
        assertThat(withFaults.get("workspace_agent_stats").size()).isGreaterThan(without.get("workspace_agent_stats").size());
    }

    private static String canonical(StreamSpec spec, ParseResult r) {
        StringBuilder b = new StringBuilder();
        for (Object v : r.values()) {
            b.append(v).append('|');
        }
        return b.toString();
    }

    @Test
    void shouldReportEveryThirtySecondsPerRunningAgentIdleReportsIncluded() {
        List<String> agent = lines(clean).get("workspace_agent_stats");
        RecordParser parser = new RecordParser(RawContract.stream("workspace_agent_stats"));
        StreamSpec spec = parser.spec();
        Map<String, List<Instant>> byWorkspace = new HashMap<>();
        long idle = 0;
        long withLatency = 0;
        long noPeer = 0;
        long gen2026 = 0;
        for (String l : agent) {
            Object[] v = parser.parse(l).values();
            byWorkspace.computeIfAbsent((String) v[spec.indexOf("workspace_id")], k -> new ArrayList<>())
                    .add((Instant) v[spec.indexOf("created_at")]);
            if ((Long) v[spec.indexOf("connection_count")] == 0) {
                idle++;
            }
            double latency = (Double) v[spec.indexOf("connection_median_latency_ms")];
            if (latency > 0) {
                withLatency++;
            } else if (latency == -1) {
                noPeer++;
            }
            if (v[spec.indexOf("session_counts")] != null) {
                gen2026++;
            }
        }
        // two days of 30-second reports
        for (List<Instant> times : byWorkspace.values()) {
            assertThat(times).hasSize(2 * 2880);
            times.sort(null);
            for (int i = 1; i < times.size(); i++) {
                assertThat(java.time.Duration.between(times.get(i - 1), times.get(i)).toSeconds()).isEqualTo(30);
            }
        }
        assertThat(idle).isGreaterThan(agent.size() / 2);
        assertThat(withLatency).isPositive();
        assertThat(noPeer).isGreaterThan(idle);
        assertThat(gen2026).isPositive().isLessThan(agent.size());
    }

    @Test
    void shouldReReportOpenAppSessionsWithAGrowingEnd() {
        List<String> app = lines(clean).get("workspace_app_stats");
        RecordParser parser = new RecordParser(RawContract.stream("workspace_app_stats"));
        StreamSpec spec = parser.spec();
        Map<String, List<Object[]>> bySession = new HashMap<>();
        for (String l : app) {
            Object[] v = parser.parse(l).values();
            bySession.computeIfAbsent((String) v[spec.indexOf("session_id")], k -> new ArrayList<>()).add(v);
        }
        int reReported = 0;
        int shortMerged = 0;
        int terminal = 0;
        int ports = 0;
        for (List<Object[]> reports : bySession.values()) {
            Instant start = (Instant) reports.get(0)[spec.indexOf("session_started_at")];
            Instant prevEnd = Instant.MIN;
            for (Object[] v : reports) {
                assertThat(v[spec.indexOf("session_started_at")]).isEqualTo(start);
                Instant end = (Instant) v[spec.indexOf("session_ended_at")];
                assertThat(end).isAfter(prevEnd);
                prevEnd = end;
            }
            if (reports.size() > 1) {
                reReported++;
            }
            Object[] first = reports.get(0);
            if (java.time.Duration.between(start, (Instant) first[spec.indexOf("session_ended_at")]).toSeconds() == 60
                    && start.getEpochSecond() % 60 == 0 && start.getNano() == 0 && reports.size() == 1) {
                shortMerged++;
            }
            if (first[spec.indexOf("access_method")].equals("terminal")) {
                terminal++;
                assertThat(first[spec.indexOf("slug_or_port")]).isEqualTo("");
            }
            if (((String) first[spec.indexOf("slug_or_port")]).matches("\\d+")) {
                ports++;
            }
        }
        assertThat(reReported).isPositive();
        assertThat(shortMerged).isPositive();
        assertThat(terminal).isPositive();
        assertThat(ports).isPositive();
    }

    @Test
    void shouldModelTheDeploymentsDimensions() {
        Map<String, List<String>> all = lines(clean);
        Set<String> paramTypes = new HashSet<>();
        boolean withOptions = false;
        boolean withoutOptions = false;
        for (String l : all.get("template_version_parameters")) {
            JsonNode n = read(l);
            paramTypes.add(n.get("type").asText());
            withOptions |= n.get("options").size() > 0;
            withoutOptions |= n.get("options").size() == 0;
        }
        assertThat(paramTypes).containsExactlyInAnyOrder("string", "number", "bool", "list(string)");
        assertThat(withOptions).isTrue();
        assertThat(withoutOptions).isTrue();

        Instant end = Instant.parse("2026-11-08T00:00:00Z");
        long young = all.get("templates").stream().map(SimulatorTest::read)
                .filter(n -> Instant.parse(n.get("created_at").asText()).isAfter(end.minus(java.time.Duration.ofDays(35)))).count();
        assertThat(young).isPositive();

        Set<String> statuses = new HashSet<>();
        Set<String> siteRoles = new HashSet<>();
        for (String l : all.get("users")) {
            JsonNode n = read(l);
            statuses.add(n.get("status").asText());
            n.get("rbac_roles").forEach(r -> siteRoles.add(r.asText()));
            assertThat(n.get("avatar_url").isTextual()).isTrue();
        }
        assertThat(statuses).contains("active");
        assertThat(siteRoles).contains("owner");
        Set<String> orgRoles = new HashSet<>();
        all.get("organization_members").forEach(l -> read(l).get("roles").forEach(r -> orgRoles.add(r.asText())));
        assertThat(all.get("organizations")).hasSize(2);
        Set<String> slugs = new HashSet<>();
        all.get("workspace_apps").forEach(l -> slugs.add(read(l).get("slug").asText()));
        assertThat(slugs).contains("code-server", "jupyter");
        assertThat(all.get("workspace_build_parameters")).isNotEmpty();
        assertThat(all.get("audit_logs").stream().map(SimulatorTest::read).filter(n -> n.get("action").asText().equals("login")))
                .isNotEmpty();
        assertThat(all.get("connection_logs").stream().map(SimulatorTest::read).map(n -> n.get("type").asText()).distinct())
                .contains("workspace_app", "reconnecting_pty");
    }

    @Test
    void shouldDrawSomeFarAwayUsers() {
        Path out = tmp.resolve("latency");
        new Simulator(new SimConfig(3, out, 1, 120, 3, 120, 1, LocalDate.of(2026, 11, 3), false, 500_000, 2025,
                Landing.Rates.NONE)).run();
        RecordParser parser = new RecordParser(RawContract.stream("workspace_agent_stats"));
        StreamSpec spec = parser.spec();
        Map<String, List<Double>> byUser = new HashMap<>();
        for (String l : lines(out).get("workspace_agent_stats")) {
            Object[] v = parser.parse(l).values();
            double lat = (Double) v[spec.indexOf("connection_median_latency_ms")];
            if (lat > 0) {
                byUser.computeIfAbsent((String) v[spec.indexOf("user_id")], k -> new ArrayList<>()).add(lat);
            }
        }
        long far = byUser.values().stream().filter(ls -> ls.stream().sorted().toList().get(ls.size() / 2) > 300).count();
        assertThat(far).isBetween(1L, (long) byUser.size() / 5);
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void shouldRejectBadOptions() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> SimulateMain.config(Map.of("workspaces", "10"))))
                .hasMessageContaining("--out DIR is required");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> SimulateMain.config(Map.of("out", "x", "days", "0"))))
                .hasMessageContaining("--days must be a positive whole number");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> SimulateMain.config(Map.of("out", "x", "late-rate", "2"))))
                .hasMessageContaining("--late-rate must be a number from 0 to 1");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> SimulateMain.config(Map.of("out", "x", "colour", "red"))))
                .hasMessageContaining("unknown option --colour");
    }
}
