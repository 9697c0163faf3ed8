package com.coderinsights.dw.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class RecordParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/parse_cases.psv", delimiter = '|', maxCharsPerColumn = 8192, ignoreLeadingAndTrailingWhitespace = true)
    void shouldAcceptOrRejectEachCaseWithItsReason(String caseName, String stream, String line, String expected, String fragment) {
        ParseResult r = new RecordParser(RawContract.stream(stream)).parse(line);

        if (expected.equals("ok")) {
            assertThat(r.isOk()).as("accepted, but got: %s", r.reason()).isTrue();
            if (fragment != null) {
                assertThat(r.extraJson()).isEqualTo(fragment);
            }
        } else {
            assertThat(r.isOk()).as("rejected").isFalse();
            assertThat(r.rejectCode().code()).isEqualTo(expected);
            assertThat(r.reason()).contains(fragment);
        }
    }

    @Test
    void shouldTypeEveryFieldOfAnAgentStat() {
        String line = "{\"id\":\"6F1C3A0E-1B2C-4D5E-8F90-A1B2C3D4E5F6\",\"created_at\":\"2026-11-02T09:30:00.123456+01:00\","
                + "\"user_id\":\"11111111-1111-4111-8111-111111111111\",\"agent_id\":\"22222222-2222-4222-8222-222222222222\","
                + "\"workspace_id\":\"33333333-3333-4333-8333-333333333333\",\"template_id\":\"44444444-4444-4444-8444-444444444444\","
                + "\"connections_by_proto\":{\"tcp\":2},\"connection_count\":2,\"connection_median_latency_ms\":-1,"
                + "\"session_counts\":{\"vscode\":1},\"usage\":true}";
        StreamSpec spec = RawContract.stream("workspace_agent_stats");

        ParseResult r = new RecordParser(spec).parse(line);

        assertThat(r.isOk()).isTrue();
        Object[] v = r.values();
        assertThat(v[spec.indexOf("id")]).isEqualTo("6f1c3a0e-1b2c-4d5e-8f90-a1b2c3d4e5f6");
        assertThat(v[spec.indexOf("created_at")]).isEqualTo(Instant.parse("2026-11-02T08:30:00.123456Z"));
        assertThat(v[spec.indexOf("connection_count")]).isEqualTo(2L);
        assertThat(v[spec.indexOf("connection_median_latency_ms")]).isEqualTo(-1.0);
        assertThat(v[spec.indexOf("session_counts")]).isEqualTo("{\"vscode\":1}");
        assertThat(v[spec.indexOf("connections_by_proto")]).isEqualTo("{\"tcp\":2}");
        assertThat(v[spec.indexOf("session_count_ssh")]).isNull();
        assertThat(v[spec.indexOf("usage")]).isEqualTo(true);
        assertThat(r.extraJson()).isNull();
    }

    @Test
    void shouldAcceptAUuidOfHexDigitsInEitherCaseWithDashesAt8_13_18_23OnlyAndLowerIt() {
        String good = "6f1c3a0e-1b2c-4d5e-8f90-a1b2c3d4e5f6";
        assertThat(RecordParser.canonicalUuid(good)).isSameAs(good);
        assertThat(RecordParser.canonicalUuid("6F1C3A0E-1B2C-4D5E-8F90-A1B2C3D4E5F6")).isEqualTo(good);
        assertThat(RecordParser.canonicalUuid("00000000-0000-0000-0000-000000000000")).isEqualTo("00000000-0000-0000-0000-000000000000");
        assertThat(RecordParser.canonicalUuid("ffffffff-FFFF-9999-aAaA-0123456789ab")).isEqualTo("ffffffff-ffff-9999-aaaa-0123456789ab");
        // one upper-case digit in any group is lowered
        assertThat(RecordParser.canonicalUuid("6f1c3a0e-1b2c-4d5e-8f90-a1b2c3d4e5F6")).isEqualTo(good);
        assertThat(RecordParser.canonicalUuid("6F1c3a0e-1b2c-4d5e-8f90-a1b2c3d4e5f6")).isEqualTo(good);
        // every position: a dash moved onto a digit, a digit onto a dash; and the characters next to each hex range
        for (int i = 0; i < 36; i++) {
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            for (char c : new char[] {dash ? 'a' : '-', '/', ':', '@', 'G', '`', 'g', ' ', '\u00e9', '\uff10'}) {
                String bad = good.substring(0, i) + c + good.substring(i + 1);
                assertThat(RecordParser.canonicalUuid(bad)).as("%s (position %d)", bad, i).isNull();
            }
        }
        assertThat(RecordParser.canonicalUuid(good.substring(1))).isNull();
        assertThat(RecordParser.canonicalUuid(good + "0")).isNull();
        assertThat(RecordParser.canonicalUuid("6f1c3a0e1b2c4d5e8f90a1b2c3d4e5f6")).isNull();
        assertThat(RecordParser.canonicalUuid("")).isNull();
    }

    @Test
    void shouldReadTextArraysAndTimestampsWithoutOffsetAsUtc() {
        String line = "{\"id\":\"11111111-1111-4111-8111-111111111111\",\"email\":\"a@example.com\",\"username\":\"a\","
                + "\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-02T00:00:00Z\",\"status\":\"active\","
                + "\"rbac_roles\":[\"owner\",\"auditor\"],\"last_seen_at\":\"2026-11-01 10:00:00.5\"}";
        StreamSpec spec = RawContract.stream("users");

        ParseResult r = new RecordParser(spec).parse(line);

        assertThat(r.values()[spec.indexOf("rbac_roles")]).isEqualTo(List.of("owner", "auditor"));
        assertThat(r.values()[spec.indexOf("last_seen_at")]).isEqualTo(Instant.parse("2026-11-01T10:00:00.5Z"));
    }
}
