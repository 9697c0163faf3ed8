package com.coderinsights.dw.spark.jobs.gold;

import static org.assertj.core.api.Assertions.assertThat;

import com.coderinsights.dw.simulator.SimulateMain;
import com.coderinsights.dw.spark.common.RunWindow;
import com.coderinsights.dw.spark.jobs.testing.Pipeline;
import com.coderinsights.dw.spark.jobs.testing.SparkTestBase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Duplicates, re-delivered files, late and out-of-order rows change nothing: the same seed with
 * every fault on, processed in three overlapping runs, gives exactly the silver facts and gold
 * buckets of the seed without faults processed at once (malformed lines only land in quarantine).
 */
class FaultsChangeNothingTest extends SparkTestBase {

    @TempDir
    Path tmp;

    private static void simulate(Path out, boolean faults) throws java.io.IOException {
        List<String> args = new java.util.ArrayList<>(List.of("--seed", "11", "--workspaces", "8", "--days", "1",
                "--out", out.toString(), "--faults", faults ? "on" : "off"));
        if (faults) {
            args.addAll(List.of("--duplicate-rate", "0.02", "--late-rate", "0.02", "--out-of-order-rate", "0.05",
                    "--malformed-rate", "0.005", "--extra-field-rate", "0.01", "--redeliver-rate", "0.2"));
        }
        SimulateMain.main(args.toArray(String[]::new));
    }

    @Test
    void shouldBuildTheSameGoldTableWithAndWithoutFaults() throws java.io.IOException {
        Path clean = tmp.resolve("clean");
        Path faulty = tmp.resolve("faulty");
        simulate(clean, false);
        simulate(faulty, true);
        Instant at = Instant.parse("2026-11-06T00:00:00Z");

        Pipeline.run(clean, tmp.resolve("clean-lake"), "clean", at);
        // the faulty landing in overlapping windows: late rows arrive in later runs
        Pipeline.run(faulty, tmp.resolve("faulty-lake"), RunWindow.parse("2026-11-02T00", "2026-11-02T13"), "f1", at);
        Pipeline.run(faulty, tmp.resolve("faulty-lake"), RunWindow.parse("2026-11-02T10", "2026-11-02T23"), "f2", at);
        Pipeline.run(faulty, tmp.resolve("faulty-lake"), RunWindow.parse("2026-11-02T20", null), "f3", at);

        List<String> cleanGold = Pipeline.gold(tmp.resolve("clean-lake"));
        assertThat(cleanGold).hasSizeGreaterThan(20);
        assertThat(Pipeline.gold(tmp.resolve("faulty-lake"))).isEqualTo(cleanGold);
        Map<String, List<String>> a = Pipeline.snapshot(tmp.resolve("clean-lake"), false);
        Map<String, List<String>> b = Pipeline.snapshot(tmp.resolve("faulty-lake"), false);
        assertThat(b.get("silver.activity_minutes")).isEqualTo(a.get("silver.activity_minutes"));
        assertThat(b.get("gold.template_usage_stats")).isEqualTo(a.get("gold.template_usage_stats"));
        assertThat(b.get("silver.workspace_app_sessions").size()).isEqualTo(a.get("silver.workspace_app_sessions").size());
        // the report tables above gold, recomputed for the hours each run touched, end the same too
        for (String report : List.of("gold.v1_activity_hourly", "gold.user_daily_usage", "gold.template_user_daily_usage")) {
            assertThat(a.get(report)).as(report).isNotEmpty();
            assertThat(b.get(report)).as(report).isEqualTo(a.get(report));
        }
        // nothing left pending (in a pipeline run, the layers hand their pairs on in memory)
        assertThat(b.getOrDefault("silver._pending_report_scope", List.of())).isEmpty();
        assertThat(b.getOrDefault("silver._pending_user_buckets", List.of())).isEmpty();
        assertThat(b.get("bronze.rejected")).isNotEmpty();
        assertThat(a.get("bronze.rejected")).isEmpty();
        assertThat(b.get("bronze.workspace_agent_stats").size()).isGreaterThan(a.get("bronze.workspace_agent_stats").size());
    }
}
