package com.coderinsights.dw.spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line of scripts/run-pipeline: options with values, the one flag, and what is refused. */
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
    void shouldRefuseUnknownOptionsAndMissingValues() {
        assertThatThrownBy(() -> PipelineRunner.parse(new String[] {"--totals"})).hasMessageContaining("unknown argument '--totals'");
        assertThatThrownBy(() -> PipelineRunner.parse(new String[] {"--lake"})).hasMessageContaining("--lake needs a value");
    }
}
