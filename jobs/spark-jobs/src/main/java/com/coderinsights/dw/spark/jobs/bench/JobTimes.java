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
 * Where a benchmark run's time goes: every Spark job's wall time and its tasks' run time, by the job
 * description the jobs set, so the bench can print the largest of them. Jobs run side by side, so
 * the times overlap; they say which steps to look at, not a breakdown that adds up.
 */
final class JobTimes extends SparkListener {

    private record Started(long at, String what) {
    }

    private record Done(String what, long ms) {
    }

    private final Map<Integer, Started> running = new ConcurrentHashMap<>();
    private final Map<Integer, String> stageJob = new ConcurrentHashMap<>();
    private final Map<String, Long> taskMs = new ConcurrentHashMap<>();
    private final List<Done> done = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        java.util.Properties p = start.properties();
        String what = p == null ? null : p.getProperty("spark.job.description");
        String key = what == null ? "(no description)" : what;
        running.put(start.jobId(), new Started(start.time(), key));
        scala.jdk.javaapi.CollectionConverters.asJava(start.stageIds()).forEach(id -> stageJob.put((Integer) id, key));
    }

    @Override
    public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
        String key = stageJob.getOrDefault(end.stageId(), "(no description)");
        taskMs.merge(key, end.taskMetrics() == null ? 0 : end.taskMetrics().executorRunTime(), Long::sum);
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
        Started s = running.remove(end.jobId());
        if (s != null) {
            done.add(new Done(s.what(), end.time() - s.at()));
        }
    }

    void reset() {
        done.clear();
        taskMs.clear();
    }

    /** A header, then the {@code n} descriptions with the most job time: task seconds, job seconds, jobs. */
    List<String> top(int n) {
        Map<String, long[]> by = new TreeMap<>();
        synchronized (done) {
            for (Done d : done) {
                long[] a = by.computeIfAbsent(d.what(), k -> new long[2]);
                a[0]++;
                a[1] += d.ms();
            }
        }
        long jobs = by.values().stream().mapToLong(a -> a[0]).sum();
        long ms = by.values().stream().mapToLong(a -> a[1]).sum();
        List<String> out = new ArrayList<>();
        long tasks = taskMs.values().stream().mapToLong(Long::longValue).sum();
        out.add(String.format("%,d Spark jobs, %.1f s of job time (overlapping), %.1f s of task time; the largest (task s, job s, jobs):",
                jobs, ms / 1e3, tasks / 1e3));
        by.entrySet().stream().sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[1])).limit(n)
                .forEach(e -> out.add(String.format("  %6.1f %6.1f %4d  %s", taskMs.getOrDefault(e.getKey(), 0L) / 1e3,
                        e.getValue()[1] / 1e3, e.getValue()[0], e.getKey())));
        return out;
    }
}
