package com.coderinsights.dw.spark.jobs.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import com.coderinsights.dw.spark.common.DeltaWriter;
import com.coderinsights.dw.spark.common.JobContext;
import com.coderinsights.dw.spark.common.JobResult;
import com.coderinsights.dw.spark.common.Lake;
import com.coderinsights.dw.spark.common.RunWindow;
import com.coderinsights.dw.spark.common.SparkJob;
import com.coderinsights.dw.spark.common.Sql;
import com.coderinsights.dw.spark.jobs.Usage;
import com.coderinsights.dw.spark.jobs.silver.BuildSilverJob;
import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes exactly the (half-hour bucket, user) pairs that new facts touched (however late they
 * arrived): {@code silver.activity_minutes} and {@code gold.template_usage_stats} rows of those
 * pairs are replaced atomically ({@code replaceWhere} on bucket and user), from all the silver facts
 * of the pair. A bucket with many pending users (the hour that just arrived) is recomputed whole.
 * Re-running gives the same tables; a pair nobody touched is never rewritten.
 */
public final class BuildTemplateUsageStatsJob implements SparkJob {

    public static final String NAME = "build_template_usage_stats";
    public static final String MINUTES = "activity_minutes";
    public static final String TABLE = "template_usage_stats";
    /**
     * How {@code silver.activity_minutes} is partitioned when this job creates it: by day, then by bucket. A late
     * report replaces one user's rows of an old bucket; Delta rewrites the files of that bucket's partition only.
     * Partitioned by day alone, the rewritten rest of every touched file went into one file spanning all the day's
     * older buckets, which the next late report touched again: every hour rewrote most of the day so far (6 files,
     * 2.8 s of task time at hour 10 of the benchmark day). Lakes created before keep their day partitions.
     */
    static final String[] MINUTES_PARTITIONS = {"event_date", "bucket_start"};
    /**
     * The minute facts' layout: min/max statistics of {@code user_id} only, the one column their readers (this job's
     * replace, the report tables) prune files on besides the partitions. With silver and gold interpreted, Delta
     * gathers statistics row by row: {@code scripts/bench stats} wrote the 120,958 facts of the benchmark lake's first
     * four hours in 2.29 s (4.23 s of CPU) with statistics of every column and in 0.98 s (1.61 s) with these.
     */
    public static final DeltaWriter.Layout MINUTES_LAYOUT = DeltaWriter.Layout.partitionedBy(MINUTES_PARTITIONS).withStats("user_id");

    private static final Logger LOG = LoggerFactory.getLogger(BuildTemplateUsageStatsJob.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JobResult run(SparkSession spark, RunWindow window, JobContext ctx) {
        Lake lake = ctx.lake();
        Map<String, Long> counts = new LinkedHashMap<>();
        String pendingPath = lake.path("silver", BuildSilverJob.PENDING);
        // the pairs silver handed on in this run, and those the pending table holds (of runs whose gold did not take them,
        // and of app sessions whose workspace came late), which a run reads only when there are any
        java.util.SortedMap<Instant, java.util.SortedSet<String>> usersByBucket = ctx.handOff() == null ? new java.util.TreeMap<>()
                : ctx.handOff().takeUserBuckets();
        List<String> runIds = List.of();
        if (Lake.hasFiles(spark, pendingPath)) {
            List<Row> pending = spark.read().format("delta").load(pendingPath).select("bucket_start", "user_id", "run_id").collectAsList();
            runIds = pending.stream().map(r -> r.getString(2)).distinct().sorted().toList();
            addPairs(usersByBucket, pending);
        }
        if (usersByBucket.isEmpty() && runIds.isEmpty()) {
            return new JobResult(NAME, counts);
        }
        Scope scope = Scope.of(usersByBucket, ctx.config().integer("dw.gold.whole-bucket-min-users"),
                ctx.config().integer("dw.gold.max-single-pairs"));
        counts.put("buckets_recomputed", (long) scope.buckets().size());
        counts.put("buckets_recomputed_whole", (long) scope.whole().size());
        counts.put("user_buckets_recomputed_alone", (long) scope.pairCount());
        if (scope.buckets().isEmpty()) {
            forget(spark, pendingPath, runIds);
            return new JobResult(NAME, counts);
        }

        long t0 = System.nanoTime();
        spark.sparkContext().setJobDescription("gold template usage stats");
        Instant from = scope.buckets().first();
        Instant to = scope.buckets().last().plusSeconds(1800);
        String agentPath = lake.path("silver", "workspace_agent_stats");
        // silver holds only reports with a session or latency sample; only the buckets' periods and users are read
        Dataset<Row> agent = !Lake.exists(spark, agentPath) ? null : spark.read().format("delta").load(agentPath)
                .where(Usage.within(col("event_date"), col("created_at"), scope.buckets(), java.time.Duration.ofMinutes(30)))
                .withColumn("_bucket", Usage.halfHour(col("created_at"))).where(expr(scope.predicate("_bucket", "user_id")))
                .drop("_bucket");
        Dataset<Row> apps = appSessions(spark, lake, from, to, scope.users());
        String minutesInScope = scope.predicate("bucket_start", "user_id");
        // clustered by (bucket, template, user) once: every aggregation and join of the gold table is by those keys
        // (plus more), so none of them shuffles again
        Dataset<Row> minutes = UsageTransforms.activityMinutes(agent, apps, expr(minutesInScope))
                .repartition(UsageTransforms.keyColumns()).persist();
        counts.put("activity_minutes_written", DeltaWriter.replace(spark, inBucketRanges(minutes, "bucket_start"), lake.path("silver", MINUTES),
                minutesInScope, MINUTES_LAYOUT));
        LOG.info("{}: activity minutes of {} buckets ({} whole, {} more (bucket, user) pairs) took {} ms", NAME, scope.buckets().size(),
                scope.whole().size(), scope.pairCount(), (System.nanoTime() - t0) / 1_000_000);
        t0 = System.nanoTime();
        // the scope's minute facts are exactly the cached ones just written
        Dataset<Row> stats = UsageTransforms.templateUsageStats(minutes);
        counts.put("template_usage_stats_written", DeltaWriter.replace(spark, inBucketRanges(stats, "start_time"), lake.path("gold", TABLE),
                scope.predicate("start_time", "user_id"), "event_date"));
        minutes.unpersist();
        LOG.info("{}: template usage stats took {} ms", NAME, (System.nanoTime() - t0) / 1_000_000);
        // the report tables above gold recompute next the hours of the whole buckets, and the single pairs' users' rows
        java.util.SortedMap<Instant, java.util.SortedSet<String>> usersByHour = new java.util.TreeMap<>();
        scope.pairs().forEach((b, users) -> usersByHour.computeIfAbsent(b.truncatedTo(java.time.temporal.ChronoUnit.HOURS),
                k -> new java.util.TreeSet<>()).addAll(users));
        BuildReportTablesJob.noteScope(spark, ctx, scope.whole().stream().map(b -> b.truncatedTo(java.time.temporal.ChronoUnit.HOURS))
                .toList(), usersByHour, ctx.runId() + "/gold");
        // the buckets are done: forget the pending entries this run consumed
        forget(spark, pendingPath, runIds);
        LOG.info("{}: {} buckets recomputed: {}", NAME, scope.buckets().size(), counts);
        return new JobResult(NAME, counts);
    }

    /**
     * Adds (half-hour bucket, user) pairs, the first two columns of the rows (bucket, user id), to users by bucket; a row
     * without a user (a fact of no known user) adds none.
     */
    public static void addPairs(java.util.SortedMap<Instant, java.util.SortedSet<String>> usersByBucket, List<Row> rows) {
        for (Row r : rows) {
            if (!r.isNullAt(1)) {
                usersByBucket.computeIfAbsent(r.getTimestamp(0).toInstant(), k -> new java.util.TreeSet<>()).add(r.getString(1));
            }
        }
    }

    /** Removes the given runs' entries from a pending table (by partition where it is partitioned by run). */
    static void forget(SparkSession spark, String pendingPath, List<String> runIds) {
        if (!runIds.isEmpty()) {
            DeltaTable.forPath(spark, pendingPath).delete(Sql.inList("run_id", runIds));
        }
    }

    /**
     * The rows in contiguous ranges of bucket (then user) rather than hashed over the write tasks: each task
     * holds a few neighbouring buckets, so a run writes about one file per bucket partition of the minute facts
     * (hashed, every task would write into every bucket), and gold's files (by day) have narrow bucket ranges
     * in their statistics, by which replaces and readers of a time range skip the others.
     */
    static Dataset<Row> inBucketRanges(Dataset<Row> rows, String bucketColumn) {
        return rows.repartitionByRange(col(bucketColumn), col("user_id"));
    }

    /**
     * What a run recomputes: whole buckets (those with at least {@code minUsers} pending users: the
     * hour that just arrived), and single (bucket, user) pairs elsewhere (a late report touches one
     * user of an old bucket, so only that user's rows of that bucket are rebuilt). Every gold and
     * minute-fact row is keyed by bucket and user, so either way the replaced rows are exactly those
     * the pending facts can change. When single pairs would be more than {@code maxPairs} (a backfill
     * of a small deployment), every bucket is whole: the pairs are spelled out in the predicates.
     */
    record Scope(java.util.SortedSet<Instant> buckets, java.util.SortedSet<Instant> whole,
                 java.util.SortedMap<Instant, java.util.SortedSet<String>> pairs) {

        static Scope of(java.util.SortedMap<Instant, java.util.SortedSet<String>> byBucket, int minUsers, int maxPairs) {
            return of(byBucket, java.util.Set.of(), minUsers, maxPairs);
        }

        /** {@link #of(java.util.SortedMap, int, int)}, with buckets that are whole whatever their users ({@code wholeAnyway}). */
        static Scope of(java.util.SortedMap<Instant, java.util.SortedSet<String>> byBucket, java.util.Set<Instant> wholeAnyway, int minUsers,
                        int maxPairs) {
            java.util.SortedSet<Instant> buckets = new java.util.TreeSet<>(byBucket.keySet());
            buckets.addAll(wholeAnyway);
            java.util.SortedSet<Instant> whole = new java.util.TreeSet<>(wholeAnyway);
            java.util.SortedMap<Instant, java.util.SortedSet<String>> pairs = new java.util.TreeMap<>();
            byBucket.forEach((b, users) -> {
                if (whole.contains(b)) {
                    return;
                }
                if (users.size() >= minUsers) {
                    whole.add(b);
                } else {
                    pairs.put(b, users);
                }
            });
            Scope scope = new Scope(buckets, whole, pairs);
            return scope.pairCount() > maxPairs ? new Scope(buckets, buckets, new java.util.TreeMap<>()) : scope;
        }

        long pairCount() {
            return pairs.values().stream().mapToLong(java.util.Set::size).sum();
        }

        /** The users of the single pairs, or null when some bucket is whole (every user counts). */
        java.util.Set<String> users() {
            if (!whole.isEmpty()) {
                return null;
            }
            java.util.Set<String> out = new java.util.TreeSet<>();
            pairs.values().forEach(out::addAll);
            return out;
        }

        /** A SQL predicate selecting the scope's rows, given the SQL of a row's bucket start and user id. */
        String predicate(String bucket, String user) {
            List<String> parts = new java.util.ArrayList<>();
            if (!whole.isEmpty()) {
                parts.add(bucketIn(bucket, whole));
            }
            if (!pairs.isEmpty()) {
                List<String> keys = new java.util.ArrayList<>();
                pairs.forEach((b, users) -> users.forEach(u -> keys.add(Sql.literal(b.getEpochSecond() + "/" + u))));
                parts.add("(" + bucketIn(bucket, pairs.keySet()) + " and concat(unix_seconds(" + bucket + "), '/', " + user + ") in ("
                        + String.join(", ", keys) + "))");
            }
            return String.join(" or ", parts);
        }

        private static String bucketIn(String bucket, java.util.Collection<Instant> starts) {
            return bucket + " in (" + String.join(", ", starts.stream().map(Sql::timestamp).toList()) + ")";
        }
    }

    /**
     * App sessions overlapping [from, to), with their workspace's template (the latest workspace
     * snapshot); only those of {@code users} unless it is null.
     */
    private static Dataset<Row> appSessions(SparkSession spark, Lake lake, Instant from, Instant to, java.util.Set<String> users) {
        String path = lake.path("silver", "workspace_app_sessions");
        String workspaces = lake.path("silver", "workspaces");
        if (!Lake.exists(spark, path) || !Lake.exists(spark, workspaces)) {
            return spark.emptyDataFrame().select(
                    org.apache.spark.sql.functions.lit(null).cast("string").as("user_id"),
                    org.apache.spark.sql.functions.lit(null).cast("string").as("workspace_id"),
                    org.apache.spark.sql.functions.lit(null).cast("string").as("agent_id"),
                    org.apache.spark.sql.functions.lit(null).cast("string").as("template_id"),
                    org.apache.spark.sql.functions.lit(null).cast("string").as("app_name"),
                    org.apache.spark.sql.functions.lit(null).cast("string").as("access_method"),
                    org.apache.spark.sql.functions.lit(null).cast("timestamp").as("session_started_at"),
                    org.apache.spark.sql.functions.lit(null).cast("timestamp").as("session_ended_at"));
        }
        Dataset<Row> ws = spark.read().format("delta").load(workspaces).select(col("id").as("workspace_id"), col("template_id"));
        Dataset<Row> sessions = spark.read().format("delta").load(path)
                .where(col("session_ended_at").gt(Timestamp.from(from)).and(col("session_started_at").lt(Timestamp.from(to))));
        if (users != null) {
            sessions = sessions.where(expr(Sql.inList("user_id", List.copyOf(users))));
        }
        return sessions.join(ws, "workspace_id")
                .select("user_id", "workspace_id", "agent_id", "template_id", "app_name", "access_method",
                        "session_started_at", "session_ended_at");
    }
}
