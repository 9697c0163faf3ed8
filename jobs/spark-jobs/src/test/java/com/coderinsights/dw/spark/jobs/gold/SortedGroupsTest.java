package com.coderinsights.dw.spark.jobs.gold;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** A group at a time over rows sorted by key (no Spark session: plain rows). */
class SortedGroupsTest {

    /** Per key, the sum of its values; a key whose sum is 0 gives no row, one whose sum is over 10 gives two. */
    private static List<String> sums(List<Row> rows, List<String> started) {
        Iterator<Row> it = new SortedGroups<String, long[]>(rows.iterator(), r -> r.getString(0), () -> {
            started.add("group");
            return new long[1];
        }, (sum, r) -> sum[0] += r.getLong(1), (key, sum) -> sum[0] == 0 ? List.of()
                : sum[0] > 10 ? List.of(RowFactory.create(key, sum[0]), RowFactory.create(key, -sum[0])) : List.of(RowFactory.create(key, sum[0])));
        List<String> out = new ArrayList<>();
        it.forEachRemaining(r -> out.add(r.getString(0) + "=" + r.getLong(1)));
        return out;
    }

    private static Row row(String key, long value) {
        return RowFactory.create(key, value);
    }

    @Test
    void shouldHandEachRunOfOneKeyToOneGroup() {
        List<String> started = new ArrayList<>();

        List<String> out = sums(List.of(row("a", 1), row("a", 2), row("b", 0), row("c", 5), row("c", 6), row("d", 4)), started);

        assertThat(out).containsExactly("a=3", "c=11", "c=-11", "d=4");
        assertThat(started).hasSize(4);
    }

    @Test
    void shouldGiveNothingForNoRowsOrOnlyGroupsWithoutOutput() {
        assertThat(sums(List.of(), new ArrayList<>())).isEmpty();
        assertThat(sums(List.of(row("a", 0), row("b", 0)), new ArrayList<>())).isEmpty();
    }

    @Test
    void shouldTreatANullKeyAsAKeyOfItsOwn() {
        List<Row> rows = new ArrayList<>();
        rows.add(RowFactory.create(null, 2L));
        rows.add(RowFactory.create(null, 3L));
        rows.add(row("a", 1));

        assertThat(sums(rows, new ArrayList<>())).containsExactly("null=5", "a=1");
    }
}
