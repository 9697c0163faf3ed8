package com.coderinsights.dw.core.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Hand-computed v1 activity of one user in one hour; buckets and minutes are plain numbers here. */
class HourActivityTest {

    private static final long FIRST_HALF = 0;
    private static final long SECOND_HALF = 30;

    private static HourActivity hour() {
        // t1 and t2 in org1, t3 in org2, t4 unknown to silver
        return new HourActivity(Map.of("t1", "org1", "t2", "org1", "t3", "org2"), Set.of("code-server", "jupyter"));
    }

    private static List<String> counts(HourActivity h) {
        return h.counts().stream().map(c -> (c.organizationId() == null ? "deployment" : c.organizationId()) + " " + c.category() + "=" + c.minutes())
                .sorted().toList();
    }

    @Test
    void shouldCountAgentMinutesOnlyOfHalfHoursAndTemplatesWithAConnection() {
        HourActivity h = hour();
        // t1, first half hour: the gate opens through a report of no known family, which itself is in no category
        h.agent(FIRST_HALF, "t1", 1, SessionFamilies.SSH, 0L);
        h.agent(FIRST_HALF, "t1", 2, SessionFamilies.UNKNOWN, 3L);
        h.agent(FIRST_HALF, "t1", 3, SessionFamilies.RECONNECTING_PTY, null);
        // t2, same half hour, no connection: not counted; t1 in the second half hour, no connection: not counted
        h.agent(FIRST_HALF, "t2", 4, SessionFamilies.VSCODE, 0L);
        h.agent(SECOND_HALF, "t1", 31, SessionFamilies.JETBRAINS, null);

        assertThat(counts(h)).containsExactly(
                "deployment any=2", "deployment tunnel=1", "deployment web_terminal=1",
                "org1 any=2", "org1 tunnel=1", "org1 web_terminal=1");
    }

    @Test
    void shouldCategoriseAppsAndCountEachMinuteOnceInAnyAndInTheDeployment() {
        HourActivity h = hour();
        h.app("t1", 5, "code-server");
        h.app("t1", 5, "[terminal]");
        h.app("t3", 5, "jupyter");
        h.app("t3", 6, "grafana");
        h.app("t4", 7, "8080");
        // the same minute through a second app of the same category: once
        h.app("t3", 6, "8080");

        assertThat(counts(h)).containsExactly(
                // minute 5 in two organizations and three categories; minute 7 of a template of no known organization
                "deployment any=3", "deployment app=2", "deployment ide=1", "deployment web_terminal=1",
                "org1 any=1", "org1 ide=1", "org1 web_terminal=1",
                "org2 any=2", "org2 app=1", "org2 ide=1");
    }

    @Test
    void shouldCountNothingForAnHourWithoutActivity() {
        HourActivity h = hour();
        h.agent(FIRST_HALF, "t1", 1, SessionFamilies.SSH, 0L);

        assertThat(h.counts()).isEmpty();
    }
}
