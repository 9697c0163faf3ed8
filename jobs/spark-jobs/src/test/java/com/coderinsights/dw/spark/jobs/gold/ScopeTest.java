package com.coderinsights.dw.spark.jobs.gold;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Which buckets the usage job rebuilds whole and which (bucket, user) pairs alone, and the predicate it replaces them by. */
class ScopeTest {

    private static final Instant NINE = Instant.parse("2026-11-02T09:00:00Z");
    private static final Instant TEN = Instant.parse("2026-11-02T10:00:00Z");

    private static SortedMap<Instant, SortedSet<String>> pending(Object... bucketAndUsers) {
        SortedMap<Instant, SortedSet<String>> out = new TreeMap<>();
        for (int i = 0; i < bucketAndUsers.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> users = (List<String>) bucketAndUsers[i + 1];
            out.put((Instant) bucketAndUsers[i], new TreeSet<>(users));
        }
        return out;
    }

    @Test
    void shouldRebuildABusyBucketWholeAndOnlyThePendingUsersElsewhere() {
        BuildTemplateUsageStatsJob.Scope s = BuildTemplateUsageStatsJob.Scope.of(
                pending(NINE, List.of("u1"), TEN, List.of("u1", "u2", "u3")), 3, 100);

        assertThat(s.buckets()).containsExactly(NINE, TEN);
        assertThat(s.whole()).containsExactly(TEN);
        assertThat(s.pairCount()).isEqualTo(1);
        assertThat(s.users()).isNull();
        assertThat(s.predicate("b", "u")).isEqualTo("b in (timestamp'2026-11-02 10:00:00') or "
                + "(b in (timestamp'2026-11-02 09:00:00') and concat(unix_seconds(b), '/', u) in ('" + NINE.getEpochSecond() + "/u1'))");
    }

    @Test
    void shouldNameTheUsersWhenNoBucketIsWhole() {
        BuildTemplateUsageStatsJob.Scope s = BuildTemplateUsageStatsJob.Scope.of(pending(NINE, List.of("u2", "u1")), 3, 100);

        assertThat(s.whole()).isEmpty();
        assertThat(s.users()).containsExactly("u1", "u2");
        assertThat(s.pairCount()).isEqualTo(2);
    }

    @Test
    void shouldRebuildABucketNotedWholeWholeWhateverItsUsers() {
        BuildTemplateUsageStatsJob.Scope s = BuildTemplateUsageStatsJob.Scope.of(
                pending(NINE, List.of("u1")), java.util.Set.of(TEN), 3, 100);

        assertThat(s.buckets()).containsExactly(NINE, TEN);
        assertThat(s.whole()).containsExactly(TEN);
        assertThat(s.pairs()).containsOnlyKeys(NINE);
    }

    @Test
    void shouldRebuildEveryBucketWholeWhenThePairsWouldBeTooMany() {
        BuildTemplateUsageStatsJob.Scope s = BuildTemplateUsageStatsJob.Scope.of(
                pending(NINE, List.of("u1", "u2"), TEN, List.of("u1")), 3, 2);

        assertThat(s.whole()).containsExactly(NINE, TEN);
        assertThat(s.pairCount()).isZero();
        assertThat(s.predicate("b", "u")).isEqualTo("b in (timestamp'2026-11-02 09:00:00', timestamp'2026-11-02 10:00:00')");
    }
}
