package com.coderinsights.dw.spark.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The median the pipeline benchmark prints over repeated cold runs. */
class PipelineBenchTest {

    @Test
    void shouldTakeTheMiddleRunOrTheMeanOfTheTwoMiddleOnes() {
        assertThat(PipelineBench.median(List.of(43.2, 44.2, 49.0))).isEqualTo(44.2);
        assertThat(PipelineBench.median(List.of(43.2, 44.0, 49.0, 60.4))).isEqualTo(46.5);
        assertThat(PipelineBench.median(List.of(51.6))).isEqualTo(51.6);
    }
}
