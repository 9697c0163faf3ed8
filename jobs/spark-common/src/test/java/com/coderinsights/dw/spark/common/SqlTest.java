package com.coderinsights.dw.spark.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlTest {

    private static Instant at(String hhmm) {
        return Instant.parse("2026-11-02T" + hhmm + ":00Z");
    }

    @Test
    void shouldJoinTouchingAndOverlappingPeriodsAndKeepTheGapsOut() {
        List<Instant[]> periods = Sql.periods(List.of(at("11:00"), at("09:00"), at("10:00"), at("09:00"), at("14:00")), Duration.ofHours(1));

        assertThat(periods).extracting(p -> p[0] + ".." + p[1])
                .containsExactly("2026-11-02T09:00:00Z..2026-11-02T12:00:00Z", "2026-11-02T14:00:00Z..2026-11-02T15:00:00Z");
    }

    @Test
    void shouldSpellThePeriodsAsHalfOpenRangesOrFalseWhenThereAreNone() {
        assertThat(Sql.within("t.time", List.of(at("09:00"), at("14:00")), Duration.ofHours(1))).isEqualTo(
                "((t.time >= timestamp'2026-11-02 09:00:00' and t.time < timestamp'2026-11-02 10:00:00')"
                        + " or (t.time >= timestamp'2026-11-02 14:00:00' and t.time < timestamp'2026-11-02 15:00:00'))");
        assertThat(Sql.within("t.time", List.of(), Duration.ofHours(1))).isEqualTo("false");
    }
}
