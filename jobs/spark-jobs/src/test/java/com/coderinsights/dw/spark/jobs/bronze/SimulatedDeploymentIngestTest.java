package com.coderinsights.dw.spark.jobs.bronze;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.coderinsights.dw.spark.common.JobResult;
import com.coderinsights.dw.spark.common.RunWindow;
import com.coderinsights.dw.spark.jobs.testing.SparkTestBase;
import com.coderinsights.dw.simulator.SimulateMain;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator with every fault on, through bronze: counts must equal what summary.json says landed. */
class SimulatedDeploymentIngestTest extends SparkTestBase {

    @TempDir
    Path tmp;

    @Test
    void shouldLandExactlyWhatTheSummarySaysMinusTheMalformedLines() throws Exception {
        Path landing = tmp.resolve("landing");
        Path lake = tmp.resolve("lake");
        // given: a small deployment over two days, fault rates high enough for every fault to occur
        SimulateMain.main(new String[] {"--seed", "7", "--workspaces", "12", "--days", "2", "--out", landing.toString(),
            "--gzip", "--max-lines-per-file", "3000", "--duplicate-rate", "0.01", "--late-rate", "0.01",
            "--out-of-order-rate", "0.02", "--malformed-rate", "0.004", "--extra-field-rate", "0.01", "--redeliver-rate", "0.1"});
        JsonNode summary = new ObjectMapper().readTree(Files.readString(landing.resolve("summary.json")));

        // when: the landing zone goes through bronze in two windows (the second holds the late arrivals)
        JobResult first = new IngestRawLogsJob().run(spark(), RunWindow.parse(null, "2026-11-03T11"),
                context(landing, lake, "run-a", Instant.parse("2026-11-04T00:00:00Z")));
        JobResult second = new IngestRawLogsJob().run(spark(), RunWindow.parse("2026-11-03T12", null),
                context(landing, lake, "run-b", Instant.parse("2026-11-07T00:00:00Z")));

        // then
        JsonNode totals = summary.get("totals");
        assertThat(first.count("rows_written") + second.count("rows_written")).isEqualTo(totals.get("expected_bronze_rows").asLong());
        assertThat(first.count("rows_rejected") + second.count("rows_rejected"))
                .isEqualTo(totals.get("expected_rejected_lines").asLong()).isPositive();
        assertThat(first.count("files_redelivered_skipped") + second.count("files_redelivered_skipped"))
                .isEqualTo(totals.get("redelivered_files").asLong()).isPositive();
        Map<String, Long> rejectedByStream = new HashMap<>();
        Map<String, Long> rejectedByCode = new HashMap<>();
        for (Row r : spark().read().format("delta").load(lake.resolve("bronze/rejected").toString())
                .groupBy("stream", "reason_code").count().collectAsList()) {
            rejectedByStream.merge(r.getString(0), r.getLong(2), Long::sum);
            rejectedByCode.merge(r.getString(1), r.getLong(2), Long::sum);
        }
        long truncated = 0;
        long wrongType = 0;
        long missing = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = summary.get("streams").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            long bronze = spark().read().format("delta").load(lake.resolve("bronze").resolve(s.getKey()).toString()).count();
            assertThat(bronze).as("bronze." + s.getKey()).isEqualTo(s.getValue().get("expected_bronze_rows").asLong());
            assertThat(rejectedByStream.getOrDefault(s.getKey(), 0L)).as("rejected " + s.getKey())
                    .isEqualTo(s.getValue().get("expected_rejected_lines").asLong());
            JsonNode m = s.getValue().get("malformed_lines");
            truncated += m.get("truncated_json").asLong();
            wrongType += m.get("wrong_type").asLong();
            missing += m.get("missing_required_field").asLong();
        }
        assertThat(rejectedByCode.getOrDefault("invalid_json", 0L)).isEqualTo(truncated);
        assertThat(rejectedByCode.getOrDefault("wrong_type", 0L)).isEqualTo(wrongType);
        assertThat(rejectedByCode.getOrDefault("missing_required_field", 0L)).isEqualTo(missing);
        // unknown extra fields are kept, not rejected
        long extra = spark().read().format("delta").load(lake.resolve("bronze/workspace_agent_stats").toString())
                .where(col("_extra").isNotNull()).count();
        assertThat(extra).isGreaterThanOrEqualTo(summary.get("streams").get("workspace_agent_stats").get("extra_field_rows").asLong())
                .isPositive();
    }
}
