package com.coderinsights.dw.spark.jobs.gold;

import static org.apache.spark.sql.functions.col;

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
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes exactly the half-hour buckets that new facts touched (however late they arrived):
 * {@code silver.activity_minutes} and {@code gold.template_usage_stats} for those buckets are
 * replaced atomically ({@code replaceWhere} on the bucket), from all the silver facts of the bucket.
 * Re-running gives the same tables; a bucket nobody touched is never rewritten.
 */
public final class BuildTemplateUsageStatsJob implements SparkJob {

    public static final String NAME = "build_template_usage_stats";
    public static final String MINUTES = "activity_minutes";
    public static final String TABLE = "template_usage_stats";

    private static final Logger LOG = LoggerFactory.getLogger(BuildTemplateUsageStatsJob.class);
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JobResult run(SparkSession spark, RunWindow window, JobContext ctx) {
        Lake lake = ctx.lake();
        Map<String, Long> counts = new LinkedHashMap<>();
        String pendingPath = lake.path("silver", BuildSilverJob.PENDING_BUCKETS);
        if (!Lake.exists(spark, pendingPath)) {
            return new JobResult(NAME, counts);
        }
        List<Row> pending = spark.read().format("delta").load(pendingPath).select("bucket_start", "run_id").collectAsList();
        List<Instant> buckets = pending.stream().map(r -> r.getTimestamp(0).toInstant()).distinct().sorted().toList();
        List<String> runIds = pending.stream().map(r -> r.getString(1)).distinct().sorted().toList();
        counts.put("buckets_recomputed", (long) buckets.size());
        if (buckets.isEmpty()) {
            return new JobResult(NAME, counts);
        }
        List<String> bucketLiterals = buckets.stream().map(b -> "timestamp'" + TS.format(b) + "'").toList();
        Dataset<Row> bucketsDf = spark.createDataFrame(buckets.stream().map(b -> org.apache.spark.sql.RowFactory.create(Timestamp.from(b))).toList(),
                new org.apache.spark.sql.types.StructType().add("bucket_start", org.apache.spark.sql.types.DataTypes.TimestampType));

        long t0 = System.nanoTime();
        Instant from = buckets.get(0);
        Instant to = buckets.get(buckets.size() - 1).plusSeconds(1800);
        String agentPath = lake.path("silver", "workspace_agent_stats");
        // only reports with a session or latency sample (a partition of their own), only the buckets' periods
        Dataset<Row> agent = !Lake.exists(spark, agentPath) ? null : spark.read().format("delta").load(agentPath)
                .where(col("active_report"))
                .where(Usage.within(col("event_date"), col("created_at"), buckets, java.time.Duration.ofMinutes(30)));
        Dataset<Row> apps = appSessions(spark, lake, from, to);
        Dataset<Row> minutes = UsageTransforms.activityMinutes(agent, apps, bucketsDf).persist();
        String bucketPredicate = "bucket_start in (" + String.join(", ", bucketLiterals) + ")";
        counts.put("activity_minutes_written",
                DeltaWriter.replace(spark, minutes, lake.path("silver", MINUTES), bucketPredicate, "event_date"));
        LOG.info("{}: activity minutes of {} buckets took {} ms", NAME, buckets.size(), (System.nanoTime() - t0) / 1_000_000);
        t0 = System.nanoTime();
        // the buckets' minute facts are exactly the cached ones just written
        Dataset<Row> stats = UsageTransforms.templateUsageStats(minutes);
        counts.put("template_usage_stats_written", DeltaWriter.replace(spark, stats, lake.path("gold", TABLE),
                "start_time in (" + String.join(", ", bucketLiterals) + ")", "event_date"));
        minutes.unpersist();
        LOG.info("{}: template usage stats took {} ms", NAME, (System.nanoTime() - t0) / 1_000_000);
        // the buckets are done: forget the pending entries this run consumed
        DeltaTable.forPath(spark, pendingPath).delete(Sql.inList("run_id", runIds));
        LOG.info("{}: {} buckets recomputed: {}", NAME, buckets.size(), counts);
        return new JobResult(NAME, counts);
    }

    /** App sessions overlapping [from, to), with their workspace's template (the latest workspace snapshot). */
    private static Dataset<Row> appSessions(SparkSession spark, Lake lake, Instant from, Instant to) {
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
        return spark.read().format("delta").load(path)
                .where(col("session_ended_at").gt(Timestamp.from(from)).and(col("session_started_at").lt(Timestamp.from(to))))
                .join(ws, "workspace_id")
                .select("user_id", "workspace_id", "agent_id", "template_id", "app_name", "access_method",
                        "session_started_at", "session_ended_at");
    }
}
