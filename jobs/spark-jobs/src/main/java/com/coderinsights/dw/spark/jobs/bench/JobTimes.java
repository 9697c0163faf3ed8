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

    /** The stage of jobs started before the bench names one. */
    private static final String NO_STAGE = "(none)";

    private record Started(int jobId, long at, String what, String site, String stage) {
    }

    /** A finished job: its description and stage, and when it started and ended (epoch ms, as the listener's events give them). */
    private record Done(String what, String stage, long at, long end) {
        long ms() {
            return end - at;
        }
    }

    /** A stage's wall-clock span (epoch ms; {@code to} is -1 while it runs). */
    private static final class Span {
        final long from;
        long to = -1;

        Span(long from) {
            this.from = from;
        }
    }

    /**
     * A line per finished job (id, job ms, task ms, description, call site, and its start in ms after the measured run
     * began, negative before it; tab-separated), or null.
     */
    private final java.io.PrintStream log;

    private final Map<Integer, Started> running = new ConcurrentHashMap<>();
    /** The job of each stage (kept after the job ends: a task may report after its job). */
    private final Map<Integer, Started> stageJob = new ConcurrentHashMap<>();
    private final Map<Integer, Long> jobTaskMs = new ConcurrentHashMap<>();
    private final Map<String, Long> taskMs = new ConcurrentHashMap<>();
    private final List<Done> done = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Task time by pipeline stage, in the order the stages ran. */
    private final Map<String, Long> stageTaskMs = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
    /** Each stage's span since the last {@link #reset()}, in the order the stages ran. */
    private final Map<String, Span> spans = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
    /** The stage (pipeline job) the jobs that start now belong to: the bench runs one at a time. */
    private volatile String stage = NO_STAGE;
    /** When the measured run began (the last {@link #reset()}), epoch ms. */
    private volatile long measuredFrom = System.currentTimeMillis();

    /** @param log where to write a line per finished job, or null for none */
    JobTimes(java.io.PrintStream log) {
        this.log = log;
    }

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        java.util.Properties p = start.properties();
        String what = p == null ? null : p.getProperty("spark.job.description");
        String key = what == null ? "(no description)" : what;
        String site = start.stageInfos().isEmpty() ? "" : start.stageInfos().last().name();
        Started started = new Started(start.jobId(), start.time(), key, site, stage);
        running.put(start.jobId(), started);
        scala.jdk.javaapi.CollectionConverters.asJava(start.stageIds()).forEach(id -> stageJob.put((Integer) id, started));
    }

    @Override
    public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
        Started job = stageJob.get(end.stageId());
        long ms = end.taskMetrics() == null ? 0 : end.taskMetrics().executorRunTime();
        taskMs.merge(job == null ? "(no description)" : job.what(), ms, Long::sum);
        if (job != null) {
            jobTaskMs.merge(job.jobId(), ms, Long::sum);
        }
        stageTaskMs.merge(job == null ? NO_STAGE : job.stage(), ms, Long::sum);
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
        Started s = running.remove(end.jobId());
        if (s != null) {
            done.add(new Done(s.what(), s.stage(), s.at(), end.time()));
            if (log != null) {
                synchronized (log) {
                    log.printf("%d\t%d\t%d\t%s\t%s\t%d%n", end.jobId(), end.time() - s.at(), jobTaskMs.getOrDefault(end.jobId(), 0L),
                            s.what(), s.site(), s.at() - measuredFrom);
                    log.flush();
                }
            }
        }
    }

    void reset() {
        if (log != null) {
            log.println("# the measured run starts here");
        }
        done.clear();
        taskMs.clear();
        stageTaskMs.clear();
        spans.clear();
        measuredFrom = System.currentTimeMillis();
    }

    /** The Spark jobs that start from now on are the named pipeline stage's (until the next call, or {@link #finish()}). */
    void stage(String name) {
        synchronized (spans) {
            spans.put(name, new Span(endStage()));
        }
        stage = name;
    }

    /** The last stage has ended. */
    void finish() {
        endStage();
        stage = NO_STAGE;
    }

    /** Ends the stage that runs (if any) now; returns now, epoch ms. */
    private long endStage() {
        long now = System.currentTimeMillis();
        synchronized (spans) {
            spans.values().stream().filter(s -> s.to < 0).forEach(s -> s.to = now);
        }
        return now;
    }

    /**
     * Each finished stage's wall seconds and the seconds of them in which no Spark job of it ran: the driver's own
     * time (planning, reading and writing Delta's log, waiting between jobs), which more cores would not shorten.
     */
    Map<String, double[]> driverSecondsByStage() {
        List<Done> finished;
        synchronized (done) {
            finished = new ArrayList<>(done);
        }
        finished.sort(Comparator.comparingLong(Done::at));
        Map<String, double[]> out = new java.util.LinkedHashMap<>();
        synchronized (spans) {
            spans.forEach((name, s) -> {
                if (s.to < 0) {
                    return;
                }
                long covered = 0;
                long at = s.from;
                for (Done j : finished) {
                    if (!j.stage().equals(name)) {
                        continue;
                    }
                    long from = Math.max(j.at(), at);
                    long to = Math.min(j.end(), s.to);
                    if (to > from) {
                        covered += to - from;
                        at = to;
                    }
                }
                out.put(name, new double[] {(s.to - s.from) / 1e3, (s.to - s.from - covered) / 1e3});
            });
        }
        return out;
    }

    /** A line with each stage's wall time and the part of it in which no Spark job ran. */
    String driverLine() {
        List<String> parts = new ArrayList<>();
        driverSecondsByStage().forEach((k, v) -> parts.add(String.format("%s %.1f of %.1f s", k, v[1], v[0])));
        return "time in which no Spark job ran (the driver alone: planning, Delta's log and commits): " + String.join(", ", parts);
    }

    /** The task seconds of each stage since the last {@link #reset()}, in the order the stages ran. */
    Map<String, Double> taskSecondsByStage() {
        synchronized (stageTaskMs) {
            Map<String, Double> out = new java.util.LinkedHashMap<>();
            stageTaskMs.forEach((k, v) -> out.put(k, v / 1e3));
            return out;
        }
    }

    /**
     * A line with the task time of each stage, then what it bounds: the stages other than {@code except} (bronze)
     * cannot take less wall time than their task time spread over every core, however well their jobs overlap.
     */
    String floorLine(String except, int cores) {
        Map<String, Double> by = taskSecondsByStage();
        double rest = by.entrySet().stream().filter(e -> !e.getKey().equals(except)).mapToDouble(Map.Entry::getValue).sum();
        List<String> parts = new ArrayList<>();
        by.forEach((k, v) -> parts.add(String.format("%s %.1f s", k, v)));
        return String.format("task time by stage: %s; the stages after %s: %.1f s of task time, so at least %.1f s on %d cores busy all along",
                String.join(", ", parts), except, rest, rest / cores, cores);
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
