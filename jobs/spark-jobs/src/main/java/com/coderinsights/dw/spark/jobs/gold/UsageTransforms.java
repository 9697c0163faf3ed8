package com.coderinsights.dw.spark.jobs.gold;

import static com.coderinsights.dw.spark.common.Sql.seq;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
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
     * @param agentStats  silver agent stats of the buckets and users to build (null: none yet)
     * @param appSessions silver app sessions with their workspace's template_id, overlapping the buckets
     * @param scope       which app minutes to keep, on their bucket_start and user_id (the buckets and users to build)
     */
    public static Dataset<Row> activityMinutes(Dataset<Row> agentStats, Dataset<Row> appSessions, Column scope) {
        Dataset<Row> app = appSessions
                .select(col("*"), explode(Usage.sessionMinutes(col("session_started_at"), col("session_ended_at"))).as("minute"))
                .withColumn("bucket_start", Usage.halfHour(col("minute")))
                .where(scope)
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

    /** The key of a gold row: (bucket_start, template_id, user_id). */
    public static Column[] keyColumns() {
        return java.util.Arrays.stream(KEY).map(k -> col(k)).toArray(Column[]::new);
    }

    /**
     * Coder's {@code template_usage_stats} from minute facts: per (bucket, template, user) with at
     * least one active minute. Agent minutes count only when the group's session reports carried a
     * connection (the gate); usage is the union of agent and app minutes; per-family minutes are
     * distinct minutes with a session of that family (after the gate; sftp is always 0); app minutes
     * are distinct minutes per app name (the union of its access methods); latency is the exact
     * median (linear interpolation) of the latency samples of the active minutes. Input clustered
     * by {@link #keyColumns()} needs no shuffle here.
     */
    /**
     * PostgreSQL's {@code percentile_cont(p)} of a sorted array of doubles, to the last bit: with
     * {@code pos = p * (n - 1)}, {@code lo + (hi - lo) * (pos - floor(pos))}. Spark's own {@code percentile}
     * interpolates as {@code (ceil - pos) * lo + (pos - floor) * hi}, which differs in the last bit now and then.
     * NULL for an empty array.
     */
    public static Column percentileCont(String sortedArray, double p) {
        String pos = "(" + p + "D * (size(" + sortedArray + ") - 1))";
        String lo = "element_at(" + sortedArray + ", CAST(floor(" + pos + ") AS INT) + 1)";
        String hi = "element_at(" + sortedArray + ", CAST(ceil(" + pos + ") AS INT) + 1)";
        return expr("CASE WHEN size(" + sortedArray + ") > 0 THEN " + lo + " + (" + hi + " - " + lo + ") * (" + pos + " - floor(" + pos
                + ")) END");
    }

    /**
     * The agent minutes of minute facts that count (SEMANTICS.md §12 rule 3, the connection gate): those of the
     * (bucket, template, user) groups whose session reports carried a connection.
     */
    public static Dataset<Row> gatedAgentMinutes(Dataset<Row> minutes) {
        Dataset<Row> agent = minutes.where(col("source").equalTo(AGENT));
        Dataset<Row> gate = agent.groupBy(KEY[0], KEY[1], KEY[2]).agg(max("max_connection_count").gt(0).as("has_connection"))
                .where("has_connection").drop("has_connection");
        return agent.join(gate, seq(java.util.List.of(KEY)));
    }

    public static Dataset<Row> templateUsageStats(Dataset<Row> minutes) {
        scala.collection.immutable.Seq<String> key = seq(java.util.List.of(KEY));
        Dataset<Row> app = minutes.where(col("source").equalTo(APP));
        // two stages, not one pass of five COUNT(DISTINCT ...): first one row per active minute with a flag per
        // family, then sums of the flags
        Dataset<Row> active = gatedAgentMinutes(minutes)
                .select(col(KEY[0]), col(KEY[1]), col(KEY[2]), col("minute"),
                        familyFlag(SessionFamilies.SSH).as("ssh"), familyFlag(SessionFamilies.RECONNECTING_PTY).as("pty"),
                        familyFlag(SessionFamilies.VSCODE).as("vscode"), familyFlag(SessionFamilies.JETBRAINS).as("jetbrains"))
                .unionByName(app.select(col(KEY[0]), col(KEY[1]), col(KEY[2]), col("minute"),
                        lit(0).as("ssh"), lit(0).as("pty"), lit(0).as("vscode"), lit(0).as("jetbrains")))
                .groupBy(KEY[0], KEY[1], KEY[2], "minute")
                .agg(max("ssh").as("ssh"), max("pty").as("pty"), max("vscode").as("vscode"), max("jetbrains").as("jetbrains"));
        Dataset<Row> usage = active.groupBy(KEY[0], KEY[1], KEY[2]).agg(
                org.apache.spark.sql.functions.count(lit(1)).as("usage_mins"), sum("ssh").as("ssh_mins"),
                sum("pty").as("reconnecting_pty_mins"), sum("vscode").as("vscode_mins"), sum("jetbrains").as("jetbrains_mins"));
        Dataset<Row> apps = app.select(col(KEY[0]), col(KEY[1]), col(KEY[2]), col("app_name"), col("minute")).distinct()
                .groupBy(KEY[0], KEY[1], KEY[2], "app_name").agg(org.apache.spark.sql.functions.count(lit(1)).cast("smallint").as("mins"))
                .groupBy(KEY[0], KEY[1], KEY[2])
                .agg(map_from_entries(array_sort(collect_list(struct(col("app_name"), col("mins"))))).as("app_usage_mins"));
        Dataset<Row> latency = minutes.where(col("source").equalTo(LATENCY))
                .join(active.select(KEY[0], KEY[1], KEY[2], "minute"),
                        seq(java.util.List.of(KEY[0], KEY[1], KEY[2], "minute")))
                .select(col(KEY[0]), col(KEY[1]), col(KEY[2]), explode(col("latency_samples")).as("sample"))
                .groupBy(KEY[0], KEY[1], KEY[2]).agg(array_sort(collect_list(col("sample"))).as("samples"))
                .select(col(KEY[0]), col(KEY[1]), col(KEY[2]), percentileCont("samples", 0.5).cast("float").as("median_latency_ms"));
        return usage.join(apps, key, "left").join(latency, key, "left")
                .select(col("bucket_start").as("start_time"),
                        col("bucket_start").plus(expr("interval 30 minutes")).as("end_time"),
                        col("template_id"), col("user_id"), col("median_latency_ms"),
                        col("usage_mins").cast("smallint").as("usage_mins"),
                        col("ssh_mins").cast("smallint").as("ssh_mins"),
                        lit(0).cast("smallint").as("sftp_mins"),
                        col("reconnecting_pty_mins").cast("smallint").as("reconnecting_pty_mins"),
                        col("vscode_mins").cast("smallint").as("vscode_mins"),
                        col("jetbrains_mins").cast("smallint").as("jetbrains_mins"),
                        col("app_usage_mins"),
                        to_date(col("bucket_start")).as("event_date"));
    }

    /** 1 when the agent minute fact is a session of {@code family}, else 0. */
    private static Column familyFlag(String family) {
        return when(col("family").equalTo(family), lit(1)).otherwise(lit(0));
    }
}
