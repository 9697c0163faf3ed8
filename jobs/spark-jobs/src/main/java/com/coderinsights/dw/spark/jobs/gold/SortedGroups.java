package com.coderinsights.dw.spark.jobs.gold;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;

/**
 * One pass over a partition's rows sorted by a key, a group (the consecutive rows of one key) at a time: only
 * the group at hand is in memory, however many groups the partition has (a backfill's partition holds days of
 * them). The output rows come as the groups end.
 *
 * @param <K> the key of a group
 * @param <A> what a group's rows are gathered into
 */
final class SortedGroups<K, A> implements Iterator<Row> {

    private final Iterator<Row> rows;
    private final Function<Row, K> keyOf;
    private final Supplier<A> start;
    private final BiConsumer<A, Row> add;
    private final BiFunction<K, A, List<Row>> finish;
    private final ArrayDeque<Row> out = new ArrayDeque<>();
    private Row next;

    /**
     * @param rows   the rows, sorted (or at least clustered) by their key
     * @param keyOf  a row's key
     * @param start  a new group's empty state
     * @param add    adds a row to its group's state
     * @param finish a whole group's output rows (none, one or more)
     */
    SortedGroups(Iterator<Row> rows, Function<Row, K> keyOf, Supplier<A> start, BiConsumer<A, Row> add,
                 BiFunction<K, A, List<Row>> finish) {
        this.rows = rows;
        this.keyOf = keyOf;
        this.start = start;
        this.add = add;
        this.finish = finish;
        this.next = rows.hasNext() ? rows.next() : null;
    }

    @Override
    public boolean hasNext() {
        while (out.isEmpty() && next != null) {
            K key = keyOf.apply(next);
            A group = start.get();
            do {
                add.accept(group, next);
                next = rows.hasNext() ? rows.next() : null;
            } while (next != null && Objects.equals(keyOf.apply(next), key));
            out.addAll(finish.apply(key, group));
        }
        return !out.isEmpty();
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return out.poll();
    }
}
