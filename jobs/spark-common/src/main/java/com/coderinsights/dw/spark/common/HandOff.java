package com.coderinsights.dw.spark.common;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * What the layers of one pipeline run hand each other in memory instead of through the lake: the (half-hour bucket,
 * user) pairs silver's new facts touch (for gold), the (hour, user) pairs and whole hours the report tables recompute,
 * and writes that must wait until every layer of the run is done (silver's log of the bronze files it processed).
 * Since that log is written last, a run that fails anywhere leaves its files to the next run, whose silver finds the
 * same pairs again: nothing handed on here needs to outlive the run. The run's last step writes what is left
 * (the pending tables take pairs no later layer of the run consumed), then the waiting writes.
 * Safe for the threads of one job.
 */
public final class HandOff {

    private final SortedMap<Instant, SortedSet<String>> userBuckets = new TreeMap<>();
    private final SortedSet<Instant> wholeReportHours = new TreeSet<>();
    private final SortedMap<Instant, SortedSet<String>> reportUsers = new TreeMap<>();
    private final Map<String, LongSupplier> atEnd = new LinkedHashMap<>();

    /** Adds (bucket, user) pairs for gold to recompute. */
    public synchronized void addUserBuckets(Map<Instant, ? extends Collection<String>> usersByBucket) {
        usersByBucket.forEach((b, users) -> userBuckets.computeIfAbsent(b, k -> new TreeSet<>()).addAll(users));
    }

    /** Takes the (bucket, user) pairs handed on so far: they are gold's now. */
    public synchronized SortedMap<Instant, SortedSet<String>> takeUserBuckets() {
        SortedMap<Instant, SortedSet<String>> out = copy(userBuckets);
        userBuckets.clear();
        return out;
    }

    /** Adds what the report tables recompute: whole hours, and single users' rows of other hours. */
    public synchronized void addReportScope(Collection<Instant> wholeHours, Map<Instant, ? extends Collection<String>> usersByHour) {
        wholeReportHours.addAll(wholeHours);
        usersByHour.forEach((h, users) -> reportUsers.computeIfAbsent(h, k -> new TreeSet<>()).addAll(users));
    }

    /** Takes the whole hours handed on so far; with {@link #takeReportUsers()}, the report tables' scope. */
    public synchronized SortedSet<Instant> takeWholeReportHours() {
        SortedSet<Instant> out = new TreeSet<>(wholeReportHours);
        wholeReportHours.clear();
        return out;
    }

    /** Takes the (hour, user) pairs handed on so far. */
    public synchronized SortedMap<Instant, SortedSet<String>> takeReportUsers() {
        SortedMap<Instant, SortedSet<String>> out = copy(reportUsers);
        reportUsers.clear();
        return out;
    }

    /**
     * A write to do once every layer of the run is done, after the pending pairs are safe; it returns the rows it wrote,
     * reported under {@code name}. Written in the order they were added.
     */
    public synchronized void atEnd(String name, LongSupplier write) {
        if (atEnd.putIfAbsent(name, write) != null) {
            throw new IllegalStateException("a write named " + name + " already waits for the end of the run");
        }
    }

    /** Takes the writes waiting for the end of the run. */
    public synchronized Map<String, LongSupplier> takeAtEnd() {
        Map<String, LongSupplier> out = new LinkedHashMap<>(atEnd);
        atEnd.clear();
        return out;
    }

    /** Whether nothing is left: no pairs, no scope, no waiting write. */
    public synchronized boolean isEmpty() {
        return userBuckets.isEmpty() && wholeReportHours.isEmpty() && reportUsers.isEmpty() && atEnd.isEmpty();
    }

    /** What is left, for an error message. */
    @Override
    public synchronized String toString() {
        List<String> parts = new ArrayList<>();
        parts.add(userBuckets.values().stream().mapToInt(SortedSet::size).sum() + " (bucket, user) pairs");
        parts.add(wholeReportHours.size() + " whole report hours");
        parts.add(reportUsers.values().stream().mapToInt(SortedSet::size).sum() + " (hour, user) pairs");
        parts.add("writes waiting: " + atEnd.keySet());
        return String.join(", ", parts);
    }

    private static SortedMap<Instant, SortedSet<String>> copy(SortedMap<Instant, SortedSet<String>> m) {
        SortedMap<Instant, SortedSet<String>> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, new TreeSet<>(v)));
        return out;
    }
}
