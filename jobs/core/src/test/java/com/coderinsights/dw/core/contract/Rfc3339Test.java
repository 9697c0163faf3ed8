package com.coderinsights.dw.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Rfc3339Test {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-11-02T09:30:00Z               | true  | 2026-11-02T09:30:00Z
            2026-11-02T09:30:00.5+00:00        | true  | 2026-11-02T09:30:00.500Z
            2026-11-02 09:30:00.123456+05:45   | true  | 2026-11-02T03:45:00.123456Z
            2026-11-02T09:30:00-08             | true  | 2026-11-02T17:30:00Z
            2024-02-29T23:59:59.999999999Z     | true  | 2024-02-29T23:59:59.999999999Z
            1969-12-31T23:59:59Z               | true  | 1969-12-31T23:59:59Z
            2026-11-02T09:30:00                | false | 2026-11-02T09:30:00Z
            """)
    void shouldParseValidTimestamps(String text, boolean offsetRequired, String expected) {
        assertThat(Rfc3339.parse(text, offsetRequired)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-11-02T09:30:00
            2025-02-29T00:00:00Z
            2026-13-01T00:00:00Z
            2026-11-02T24:00:00Z
            2026-11-02T09:60:00Z
            2026-11-02T09:30:00.Z
            2026-11-02T09:30:00.1234567890Z
            2026-11-02X09:30:00Z
            2026-11-02T09:30:00+0530
            2026-11-02T09:30:00Zjunk
            yesterday
            """)
    void shouldRejectInvalidTimestamps(String text) {
        assertThat(Rfc3339.parse(text, true)).isNull();
    }

    @Test
    void shouldAgreeWithJavaTimeOnRandomInstants() {
        SplittableRandom rnd = new SplittableRandom(42);
        DateTimeFormatter f = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(rnd.nextLong(-2_000_000_000L, 8_000_000_000L), rnd.nextInt(1_000_000) * 1000);
            ZoneOffset off = ZoneOffset.ofTotalSeconds(rnd.nextInt(-18 * 4, 18 * 4 + 1) * 900);
            String s = OffsetDateTime.ofInstant(t, off).format(f);
            assertThat(Rfc3339.parse(s, true)).as(s).isEqualTo(t);
        }
    }
}
