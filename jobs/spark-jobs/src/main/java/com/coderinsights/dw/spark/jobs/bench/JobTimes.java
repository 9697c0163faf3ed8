package com.coderinsights.dw.spark.jobs.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * Where a benchmark run's time goes: every Spark job's wall time, by the job description the jobs set
 * (or Spark's short call site), so the bench can print the largest of them. Jobs run side by side, so
 * the times overlap; they say which steps to look at, not a breakdown that adds up.
 */
final class JobTimes extends SparkListener {

    private record Started(long at, String what) {
    }

    private final Map<Integer, Started> running = new ConcurrentHashMap<>();
    private final Map<Integer, String> stageJob = new ConcurrentHashMap<>();
    private final Map<String, long[]> taskMs = new ConcurrentHashMap<>();
    private final List<String[]> done = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        java.util.Properties p = start.properties();
        String what = p == null ? null : p.getProperty("spark.job.description");
        String site = p == null ? null : p.getProperty("callSite.short");
        String key = (what == null ? "-" : what) + " @ " + (site == null ? "?" : site);
        running.put(start.jobId(), new Started(start.time(), key));
        scala.jdk.javaapi.CollectionConverters.asJava(start.stageIds()).forEach(id -> stageJob.put((Integer) id, key));
    }

    @Override
    public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
        String key = stageJob.getOrDefault(end.stageId(), "- @ ?");
        long ms = end.taskMetrics() == null ? 0 : end.taskMetrics().executorRunTime();
        taskMs.computeIfAbsent(key, k -> new long[1]);
        synchronized (taskMs) {
            taskMs.get(key)[0] += ms;
        }
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
        Started s = running.remove(end.jobId());
        if (s != null) {
            done.add(new String[] {s.what(), Long.toString(end.time() - s.at())});
        }
    }

    void reset() {
        done.clear();
        taskMs.clear();
    }

    /** The {@code n} descriptions with the most job time: jobs, seconds. */
    List<String> top(int n) {
        Map<String, long[]> by = new TreeMap<>();
        synchronized (done) {
            for (String[] d : done) {
                long[] a = by.computeIfAbsent(d[0], k -> new long[2]);
                a[0]++;
                a[1] += Long.parseLong(d[1]);
            }
        }
        long jobs = by.values().stream().mapToLong(a -> a[0]).sum();
        long ms = by.values().stream().mapToLong(a -> a[1]).sum();
        List<String> out = new ArrayList<>();
        long tasks = taskMs.values().stream().mapToLong(a -> a[0]).sum();
        out.add(String.format("%,d Spark jobs, %.1f s of job time (overlapping), %.1f s of task time; the largest (task s, job s, jobs):",
                jobs, ms / 1e3, tasks / 1e3));
        by.entrySet().stream().sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[1])).limit(n)
                .forEach(e -> out.add(String.format("  %6.1f %6.1f %4d  %s", taskMs.getOrDefault(e.getKey(), new long[1])[0] / 1e3,
                        e.getValue()[1] / 1e3, e.getValue()[0], e.getKey())));
        return out;
    }
}
