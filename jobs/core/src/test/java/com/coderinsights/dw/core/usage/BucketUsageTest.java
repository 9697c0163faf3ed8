package com.coderinsights.dw.core.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Hand-computed numbers of one (bucket, template, user) group; minutes are plain numbers here. */
class BucketUsageTest {

    @Test
    void shouldCountAMinuteOnceInUsageAndOnceInEachOfItsFamilies() {
        BucketUsage g = new BucketUsage();
        g.agent(1, SessionFamilies.SSH, 1L);
        g.agent(1, SessionFamilies.VSCODE, 1L);
        g.agent(2, SessionFamilies.VSCODE, 0L);
        g.agent(3, SessionFamilies.JETBRAINS, null);
        g.agent(4, SessionFamilies.RECONNECTING_PTY, 2L);
        g.agent(5, SessionFamilies.UNKNOWN, 1L);

        // the gate opened (minutes 1, 4 and 5 carried a connection), so all five agent minutes count;
        // minute 5 is of no family: usage only
        assertThat(g.result()).isEqualTo(new BucketUsage.Result(5, 1, 1, 2, 1, null, null));
    }

    @Test
    void shouldCountNoAgentMinuteWithoutAConnectionButStillTheAppMinutes() {
        BucketUsage g = new BucketUsage();
        g.agent(1, SessionFamilies.SSH, 0L);
        g.agent(2, SessionFamilies.VSCODE, null);
        g.app(2, "code-server");
        g.latency(1, new double[] {10});
        g.latency(2, new double[] {20});

        // the latency of minute 1 is left out: that minute is not active
        assertThat(g.result()).isEqualTo(new BucketUsage.Result(1, 0, 0, 0, 0, new TreeMap<>(Map.of("code-server", 1)), 20.0));
    }

    @Test
    void shouldGiveNoRowForAGroupWithoutAnActiveMinute() {
        BucketUsage g = new BucketUsage();
        g.agent(1, SessionFamilies.SSH, 0L);
        g.latency(1, new double[] {10, 12});

        assertThat(g.result()).isNull();
    }

    @Test
    void shouldCountAnAppsMinutesOnceWhateverTheAccessMethodAndSortTheNames() {
        BucketUsage g = new BucketUsage();
        // the same app through the path and the subdomain in minute 7 (Part A 4): one minute
        g.app(7, "jupyter");
        g.app(7, "jupyter");
        g.app(8, "jupyter");
        g.app(8, "[terminal]");
        g.app(9, "8080");

        BucketUsage.Result r = g.result();
        assertThat(r.usageMins()).isEqualTo(3);
        assertThat(r.appMins()).containsExactly(Map.entry("8080", 1), Map.entry("[terminal]", 1), Map.entry("jupyter", 2));
    }

    @Test
    void shouldTakeTheExactMedianOfTheActiveMinutesSamples() {
        BucketUsage odd = new BucketUsage();
        odd.agent(1, SessionFamilies.SSH, 1L);
        odd.agent(2, SessionFamilies.SSH, 1L);
        odd.latency(1, new double[] {30, 10});
        odd.latency(2, new double[] {20});
        assertThat(odd.result().medianLatencyMs()).isEqualTo(20.0);

        BucketUsage even = new BucketUsage();
        even.agent(1, SessionFamilies.SSH, 1L);
        // two agents' reports in the same minute: both sample lists count
        even.latency(1, new double[] {4});
        even.latency(1, new double[] {1, 2, 8});
        assertThat(even.result().medianLatencyMs()).isEqualTo(3.0);
    }

    @Test
    void shouldInterpolateAsPostgresqlPercentileContDoes() {
        // pos = 0.9 * 3 = 2.7: 30 + (40 - 30) * 0.7
        assertThat(BucketUsage.percentileCont(new double[] {10, 20, 30, 40}, 0.9)).isCloseTo(37.0, within(1e-9));
        assertThat(BucketUsage.percentileCont(new double[] {10, 20, 30, 40}, 0.5)).isEqualTo(25.0);
        assertThat(BucketUsage.percentileCont(new double[] {5}, 0.5)).isEqualTo(5.0);
        assertThatThrownBy(() -> BucketUsage.percentileCont(new double[0], 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
