package com.coderinsights.dw.spark.jobs.gold;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import com.coderinsights.dw.core.usage.SessionFamilies;
import com.coderinsights.dw.spark.jobs.Usage;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Minute facts and Coder's half-hour usage buckets (SEMANTICS.md §3.2, §12 rules 1-6, 9, 15), as
 * pure transformations: no IO, no clock.
 */
public final class UsageTransforms {

    public static final String AGENT = "agent";
    public static final String APP = "app";
    public static final String LATENCY = "latency";

    private static final String[] KEY = {"bucket_start", "template_id", "user_id"};

    private UsageTransforms() {
    }

    private static Column family(Column appName) {
        java.util.List<Column> kv = new java.util.ArrayList<>();
        SessionFamilies.registry().forEach((k, v) -> {
            kv.add(lit(k));
            kv.add(lit(v));
        });
        return coalesce(element_at(org.apache.spark.sql.functions.map(kv.toArray(Column[]::new)), appName),
                lit(SessionFamilies.UNKNOWN));
    }

    /**
     * One row per active minute and source, per user, template, workspace and agent:
     * <ul>
     *   <li>{@code agent}: a minute with an open session of {@code app_name} (family {@code family}) in an
     *       agent report, with the largest connection_count of those reports (for the half-hour gate);</li>
     *   <li>{@code app}: a minute an app session overlaps, keyed by Coder's app name and access method;</li>
     *   <li>{@code latency}: the latency samples (> 0) of the minute's agent reports, sorted.</li>
     * </ul>
     * Agent facts belong to the workspace owner (the report's user_id), app facts to the visiting user.
     *
     * @param agentStats  silver agent stats of the buckets (null: none yet)
     * @param appSessions silver app sessions with their workspace's template_id, overlapping the buckets
     * @param buckets     the bucket_start values to build (one column)
     */
    public static Dataset<Row> activityMinutes(Dataset<Row> agentStats, Dataset<Row> appSessions, Dataset<Row> buckets) {
        Dataset<Row> app = appSessions
                .select(col("*"), explode(Usage.sessionMinutes(col("session_started_at"), col("session_ended_at"))).as("minute"))
                .withColumn("bucket_start", Usage.halfHour(col("minute")))
                .join(buckets, "bucket_start")
                .select(col("bucket_start"), col("minute"), col("template_id"), col("user_id"), col("workspace_id"),
                        col("agent_id"), lit(APP).as("source"), col("app_name"), lit(null).cast("string").as("family"),
                        col("access_method"), lit(null).cast("bigint").as("max_connection_count"),
                        lit(null).cast("array<double>").as("latency_samples"))
                .distinct();
        if (agentStats == null) {
            return app.withColumn("event_date", to_date(col("bucket_start")));
        }
        Dataset<Row> agent = agentStats.where("has_session")
                .select(col("*"), explode(col("session_counts")).as(new String[] {"app_name", "session_count"}))
                .groupBy(Usage.halfHour(col("created_at")).as("bucket_start"), Usage.minute(col("created_at")).as("minute"),
                        col("template_id"), col("user_id"), col("workspace_id"), col("agent_id"), col("app_name"))
                .agg(max("connection_count").as("max_connection_count"))
                .select(col("bucket_start"), col("minute"), col("template_id"), col("user_id"), col("workspace_id"),
                        col("agent_id"), lit(AGENT).as("source"), col("app_name"), family(col("app_name")).as("family"),
                        lit(null).cast("string").as("access_method"), col("max_connection_count"),
                        lit(null).cast("array<double>").as("latency_samples"));
        Dataset<Row> latency = agentStats.where("connection_median_latency_ms > 0")
                .groupBy(Usage.halfHour(col("created_at")).as("bucket_start"), Usage.minute(col("created_at")).as("minute"),
                        col("template_id"), col("user_id"), col("workspace_id"), col("agent_id"))
                .agg(array_sort(collect_list("connection_median_latency_ms")).as("latency_samples"))
                .select(col("bucket_start"), col("minute"), col("template_id"), col("user_id"), col("workspace_id"),
                        col("agent_id"), lit(LATENCY).as("source"), lit(null).cast("string").as("app_name"),
                        lit(null).cast("string").as("family"), lit(null).cast("string").as("access_method"),
                        lit(null).cast("bigint").as("max_connection_count"), col("latency_samples"));
        return agent.unionByName(latency).unionByName(app).withColumn("event_date", to_date(col("bucket_start")));
    }

    /**
     * Coder's {@code template_usage_stats} from minute facts: per (bucket, template, user) with at
     * least one active minute. Agent minutes count only when the group's session reports carried a
     * connection (the gate); usage is the union of agent and app minutes; per-family minutes are
     * distinct minutes with a session of that family (after the gate; sftp is always 0); app minutes
     * are distinct minutes per app name (the union of its access methods); latency is the exact
     * median (linear interpolation) of the latency samples of the active minutes.
     */
    public static Dataset<Row> templateUsageStats(Dataset<Row> minutes) {
        Dataset<Row> agent = minutes.where(col("source").equalTo(AGENT));
        Dataset<Row> gate = agent.groupBy(KEY[0], KEY[1], KEY[2]).agg(max("max_connection_count").gt(0).as("has_connection"))
                .where("has_connection").drop("has_connection");
        Dataset<Row> gated = agent.join(gate, scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(KEY)).toSeq());
        Dataset<Row> app = minutes.where(col("source").equalTo(APP));
        Dataset<Row> active = gated.select(col(KEY[0]), col(KEY[1]), col(KEY[2]), col("minute"))
                .union(app.select(col(KEY[0]), col(KEY[1]), col(KEY[2]), col("minute"))).distinct();
        Dataset<Row> usage = active.groupBy(KEY[0], KEY[1], KEY[2]).agg(count_distinct(col("minute")).as("usage_mins"));
        Dataset<Row> perFamily = gated.groupBy(KEY[0], KEY[1], KEY[2]).agg(
                familyMinutes(SessionFamilies.SSH).as("ssh_mins"),
                familyMinutes(SessionFamilies.RECONNECTING_PTY).as("reconnecting_pty_mins"),
                familyMinutes(SessionFamilies.VSCODE).as("vscode_mins"),
                familyMinutes(SessionFamilies.JETBRAINS).as("jetbrains_mins"));
        Dataset<Row> apps = app.groupBy(KEY[0], KEY[1], KEY[2], "app_name").agg(count_distinct(col("minute")).cast("smallint").as("mins"))
                .groupBy(KEY[0], KEY[1], KEY[2])
                .agg(map_from_entries(array_sort(collect_list(struct(col("app_name"), col("mins"))))).as("app_usage_mins"));
        Dataset<Row> latency = minutes.where(col("source").equalTo(LATENCY))
                .join(active, scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(KEY[0], KEY[1], KEY[2], "minute")).toSeq())
                .select(col(KEY[0]), col(KEY[1]), col(KEY[2]), explode(col("latency_samples")).as("sample"))
                .groupBy(KEY[0], KEY[1], KEY[2]).agg(expr("percentile(sample, 0.5)").cast("float").as("median_latency_ms"));
        scala.collection.immutable.Seq<String> key = scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(KEY)).toSeq();
        return usage.join(perFamily, key, "left").join(apps, key, "left").join(latency, key, "left")
                .select(col("bucket_start").as("start_time"),
                        col("bucket_start").plus(expr("interval 30 minutes")).as("end_time"),
                        col("template_id"), col("user_id"), col("median_latency_ms"),
                        col("usage_mins").cast("smallint").as("usage_mins"),
                        coalesce(col("ssh_mins"), lit(0)).cast("smallint").as("ssh_mins"),
                        lit(0).cast("smallint").as("sftp_mins"),
                        coalesce(col("reconnecting_pty_mins"), lit(0)).cast("smallint").as("reconnecting_pty_mins"),
                        coalesce(col("vscode_mins"), lit(0)).cast("smallint").as("vscode_mins"),
                        coalesce(col("jetbrains_mins"), lit(0)).cast("smallint").as("jetbrains_mins"),
                        col("app_usage_mins"),
                        to_date(col("bucket_start")).as("event_date"));
    }

    private static Column familyMinutes(String family) {
        return count_distinct(when(col("family").equalTo(family), col("minute")));
    }
}
