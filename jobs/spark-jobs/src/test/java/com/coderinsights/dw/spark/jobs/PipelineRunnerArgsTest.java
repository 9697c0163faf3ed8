package com.coderinsights.dw.spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The command line of scripts/run-pipeline: options with values, the flags, and what is refused; and the job
 * lines of its summary, which the pipeline benchmark reads back.
 */
class PipelineRunnerArgsTest {

    @Test
    void shouldTakeTheTotalsFlagWithoutAValueAnywhereOnTheLine() {
        Map<String, String> o = PipelineRunner.parse(new String[] {"--table-totals", "--lake", "/l", "--from", "2026-11-02T04"});
        assertThat(o).containsEntry("table-totals", "").containsEntry("lake", "/l").containsEntry("from", "2026-11-02T04");
        assertThat(PipelineRunner.parse(new String[] {"--lake", "/l", "--table-totals"})).containsKey("table-totals");
    }

    @Test
    void shouldLeaveTheTotalsOutUnlessAsked() {
        assertThat(PipelineRunner.parse(new String[] {"--lake", "/l"})).doesNotContainKey("table-totals");
    }

    @Test
    void shouldMaintainTheLakeOnlyWhenAskedAndAfterEveryLayer() {
        assertThat(PipelineRunner.parse(new String[] {"--maintain", "--lake", "/l"})).containsEntry("maintain", "").containsEntry("lake", "/l");
        assertThat(PipelineRunner.jobs(false).stream().map(j -> j.name()).toList())
                .containsExactly("ingest_raw_logs", "build_silver", "build_template_usage_stats", "build_report_tables", "finish_run");
        assertThat(PipelineRunner.jobs().stream().map(j -> j.name()).toList())
                .isEqualTo(PipelineRunner.jobs(false).stream().map(j -> j.name()).toList());
        assertThat(PipelineRunner.jobs(true).stream().map(j -> j.name()).toList())
                .containsExactly("ingest_raw_logs", "build_silver", "build_template_usage_stats", "build_report_tables", "finish_run",
                        "maintain_lake");
    }

    @Test
    void shouldRefuseUnknownOptionsAndMissingValues() {
        assertThatThrownBy(() -> PipelineRunner.parse(new String[] {"--totals"})).hasMessageContaining("unknown argument '--totals'");
        assertThatThrownBy(() -> PipelineRunner.parse(new String[] {"--lake"})).hasMessageContaining("--lake needs a value");
    }

    @Test
    void shouldReadEachJobsSecondsBackFromTheSummary() {
        java.util.List<String> output = java.util.List.of("pipeline run r1, arrival hours 2026-11-02T04",
                PipelineRunner.summaryHeader(new com.coderinsights.dw.spark.common.JobResult("ingest_raw_logs", Map.of("lines_read", 12L), 51_427)),
                "    lines_read                                    12",
                PipelineRunner.summaryHeader(new com.coderinsights.dw.spark.common.JobResult("build_silver", Map.of(), 28_049)),
                "  build_silver: 3 s", // not a summary header
                PipelineRunner.summaryHeader(new com.coderinsights.dw.spark.common.JobResult("build_report_tables", Map.of(), 950)));
        assertThat(output.get(1)).isEqualTo("  ingest_raw_logs (51.4 s):");
        assertThat(PipelineRunner.secondsFromSummary(output))
                .containsExactly(Map.entry("ingest_raw_logs", 51.4), Map.entry("build_silver", 28.0), Map.entry("build_report_tables", 1.0));
    }
}
