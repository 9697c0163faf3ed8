package com.coderinsights.dw.spark.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the parse benchmark reads of a landing zone, and what it counts. */
class ParseBenchTest {

    private static final String REPORT = "{\"id\":\"%s\",\"created_at\":\"2026-11-02T03:10:00Z\","
            + "\"user_id\":\"11111111-1111-4111-8111-111111111111\",\"agent_id\":\"22222222-2222-4222-8222-222222222222\","
            + "\"workspace_id\":\"33333333-3333-4333-8333-333333333333\",\"template_id\":\"44444444-4444-4444-8444-444444444444\","
            + "\"connection_count\":1,\"connection_median_latency_ms\":12.5,\"session_counts\":{\"vscode\":1}}";

    @Test
    void shouldParseEveryNdjsonLineOfTheHourAndCountTheRejectedOnes(@TempDir Path landing) throws Exception {
        Path hour3 = Files.createDirectories(landing.resolve("workspace_agent_stats/dt=2026-11-02/hour=03"));
        Files.writeString(hour3.resolve("a.ndjson"), String.join("\n",
                REPORT.formatted("6f1c3a0e-1b2c-4d5e-8f90-a1b2c3d4e5f6"),
                REPORT.formatted("6F1C3A0E-1B2C-4D5E-8F90-A1B2C3D4E5F7"),
                REPORT.formatted("not-a-uuid"),
                "{broken"), StandardCharsets.UTF_8);
        Files.writeString(hour3.resolve("b.ndjson"), REPORT.formatted("7f1c3a0e-1b2c-4d5e-8f90-a1b2c3d4e5f6") + "\n", StandardCharsets.UTF_8);
        // not NDJSON, and another hour: neither is read
        Files.writeString(hour3.resolve("c.parquet"), "PAR1", StandardCharsets.UTF_8);
        Path hour4 = Files.createDirectories(landing.resolve("workspace_agent_stats/dt=2026-11-02/hour=04"));
        Files.writeString(hour4.resolve("d.ndjson"), REPORT.formatted("8f1c3a0e-1b2c-4d5e-8f90-a1b2c3d4e5f6"), StandardCharsets.UTF_8);
        Path logins = Files.createDirectories(landing.resolve("audit_logs/dt=2026-11-02/hour=03"));
        Files.writeString(logins.resolve("e.ndjson"), "[]\n", StandardCharsets.UTF_8);

        List<ParseBench.Input> inputs = ParseBench.load(landing, "2026-11-02T03");

        assertThat(inputs).extracting(ParseBench.Input::name).containsExactlyInAnyOrder("a.ndjson", "b.ndjson", "e.ndjson");
        assertThat(ParseBench.parseAll(inputs)).containsExactly(3, 3);
        assertThat(ParseBench.load(landing, "2026-11-02T05")).isEmpty();
    }
}
