package com.coderinsights.dw.core.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SessionFamiliesTest {

    @ParameterizedTest(name = "{0} is {1} of family {2}")
    @CsvSource(delimiter = '|', textBlock = """
            vscode            | vscode           | vscode
            Cursor            | cursor           | vscode
            VSCode-Insiders   | vscode_insiders  | vscode
            windsurf          | windsurf         | vscode
            jetbrains         | jetbrains        | jetbrains
            PyCharm           | pycharm          | jetbrains
            ssh               | ssh              | ssh
            reconnecting-pty  | reconnecting_pty | reconnecting_pty
            zed               | zed              | unknown
            """)
    void shouldNormaliseAppNamesAndFindTheirFamily(String reported, String normalized, String family) {
        assertThat(SessionFamilies.normalize(reported)).isEqualTo(normalized);
        assertThat(SessionFamilies.familyOf(normalized)).isEqualTo(family);
    }

    @Test
    void shouldCapNamesAt64Characters() {
        assertThat(SessionFamilies.normalize("x".repeat(70))).hasSize(64);
    }

    @Test
    void shouldAddUpCountsOfNamesThatNormaliseAlikeAndDropZeros() {
        Map<String, Long> in = new LinkedHashMap<>();
        in.put("Reconnecting-PTY", 1L);
        in.put("reconnecting_pty", 2L);
        in.put("ssh", 0L);
        in.put("cursor", 1L);

        assertThat(SessionFamilies.normalizeCounts(in)).containsExactly(Map.entry("cursor", 1L), Map.entry("reconnecting_pty", 3L));
    }
}
