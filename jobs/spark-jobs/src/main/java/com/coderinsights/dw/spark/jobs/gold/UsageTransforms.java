package com.coderinsights.dw.spark.jobs.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

import com.coderinsights.dw.core.usage.BucketUsage;
import com.coderinsights.dw.core.usage.SessionFamilies;
import com.coderinsights.dw.spark.jobs.Usage;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

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
        // the agent and latency facts of a (bucket, template, user) in one pass over its reports (ReportMinutes), where two
        // aggregations in interpreted mode read the reports twice and shuffled them twice
        Dataset<Row> reports = agentStats.where("has_session or connection_median_latency_ms > 0")
                .select(Usage.halfHour(col("created_at")).as("bucket_start"), col("template_id"), col("user_id"), col("workspace_id"),
                        col("agent_id"), Usage.minute(col("created_at")).as("minute"),
                        col("connection_count"), col("connection_median_latency_ms"), col("session_counts"))
                .repartition(keyColumns()).sortWithinPartitions(keyColumns());
        Dataset<Row> agent = reports.mapPartitions(new ReportMinutes(), Encoders.row(ReportMinutes.SCHEMA))
                .select(col("bucket_start"), col("minute"), col("template_id"), col("user_id"),
                        col("workspace_id"), col("agent_id"), col("source"), col("app_name"), col("family"),
                        lit(null).cast("string").as("access_method"), col("max_connection_count"), col("latency_samples"));
        return agent.unionByName(app).withColumn("event_date", to_date(col("bucket_start")));
    }

    /**
     * The agent and latency minute facts of a partition of agent reports sorted by (bucket, template, user) (columns:
     * bucket_start, template_id, user_id, workspace_id, agent_id, minute, connection_count, connection_median_latency_ms,
     * session_counts): per minute, workspace, agent and app name of a session, the largest connection count; per minute,
     * workspace and agent, the latency samples above 0, sorted.
     */
    static final class ReportMinutes implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private static final long NO_COUNT = Long.MIN_VALUE;
        static final StructType SCHEMA = new StructType()
                .add("bucket_start", DataTypes.TimestampType).add("minute", DataTypes.TimestampType)
                .add("template_id", DataTypes.StringType).add("user_id", DataTypes.StringType)
                .add("workspace_id", DataTypes.StringType).add("agent_id", DataTypes.StringType)
                .add("source", DataTypes.StringType).add("app_name", DataTypes.StringType).add("family", DataTypes.StringType)
                .add("max_connection_count", DataTypes.LongType)
                .add("latency_samples", DataTypes.createArrayType(DataTypes.DoubleType));

        /** A minute of one agent of one workspace. */
        private record Minute(String workspace, String agent, Object minute) {
        }

        private record Session(Minute minute, String app) {
        }

        /** A group's facts so far: each session's largest connection count, each minute's latency samples. */
        private record Facts(java.util.Map<Session, Long> sessions, java.util.Map<Minute, java.util.List<Double>> samples) {
        }

        @Override
        public java.util.Iterator<Row> call(java.util.Iterator<Row> rows) {
            return new SortedGroups<GoldKey, Facts>(rows, GoldKey::of, () -> new Facts(new java.util.HashMap<>(), new java.util.HashMap<>()),
                    ReportMinutes::add, ReportMinutes::rows);
        }

        private static void add(Facts facts, Row r) {
            Minute m = new Minute(r.getString(3), r.getString(4), r.get(5));
            Long connections = r.isNullAt(6) ? null : r.getLong(6);
            if (!r.isNullAt(8)) {
                scala.collection.Iterator<String> apps = r.<String, Long>getMap(8).keysIterator();
                while (apps.hasNext()) {
                    // as Spark's max(): null only when every report's count is null (NO_COUNT stands for null here)
                    facts.sessions().merge(new Session(m, apps.next()), connections == null ? NO_COUNT : connections, Math::max);
                }
            }
            if (!r.isNullAt(7) && r.getDouble(7) > 0) {
                facts.samples().computeIfAbsent(m, k -> new java.util.ArrayList<>()).add(r.getDouble(7));
            }
        }

        private static java.util.List<Row> rows(GoldKey k, Facts facts) {
            java.util.List<Row> out = new java.util.ArrayList<>(facts.sessions().size() + facts.samples().size());
            facts.sessions().forEach((s, connections) -> {
                Minute m = s.minute();
                out.add(RowFactory.create(k.bucket(), m.minute(), k.template(), k.user(), m.workspace(), m.agent(), AGENT, s.app(),
                        SessionFamilies.registry().getOrDefault(s.app(), SessionFamilies.UNKNOWN), connections == NO_COUNT ? null : connections,
                        null));
            });
            facts.samples().forEach((m, list) -> {
                list.sort(null);
                out.add(RowFactory.create(k.bucket(), m.minute(), k.template(), k.user(), m.workspace(), m.agent(), LATENCY, null, null, null,
                        scala.jdk.javaapi.CollectionConverters.asScala(list).toSeq()));
            });
            return out;
        }
    }

    /** A (bucket, template, user), as the one-pass computations read it from a row's first three columns. */
    private record GoldKey(Object bucket, String template, String user) {
        static GoldKey of(Row r) {
            return new GoldKey(r.get(0), r.getString(1), r.getString(2));
        }
    }

    /** The key of a gold row: (bucket_start, template_id, user_id). */
    public static Column[] keyColumns() {
        return java.util.Arrays.stream(KEY).map(k -> col(k)).toArray(Column[]::new);
    }

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
     * Coder's {@code template_usage_stats} from minute facts: per (bucket, template, user) with at
     * least one active minute, the numbers {@link BucketUsage} works out from the group's facts. One
     * pass over each partition, a group at a time ({@link SortedGroups}), where the same numbers as
     * Spark operators (the gate a join, the active minutes an aggregation, the families' minutes a
     * second one, the apps two more, the latency samples a join and a collect) took several times the
     * task time in interpreted mode. Every (bucket, template, user) must be in one partition: the
     * input is clustered by {@link #keyColumns()} here, which costs no shuffle when it already is (the
     * gold job's cached facts), and sorted by it within the partition.
     */
    public static Dataset<Row> templateUsageStats(Dataset<Row> minutes) {
        Dataset<Row> facts = minutes.repartition(keyColumns()).sortWithinPartitions(keyColumns())
                .select(col(KEY[0]), col(KEY[1]), col(KEY[2]), col("source"), col("family"), col("app_name"), col("max_connection_count"),
                        expr("unix_micros(minute)").as("minute"), col("latency_samples"));
        return facts.mapPartitions(new GroupUsage(), Encoders.row(GroupUsage.SCHEMA))
                .select(col("bucket_start").as("start_time"),
                        col("bucket_start").plus(expr("interval 30 minutes")).as("end_time"),
                        col("template_id"), col("user_id"), col("median_latency_ms"),
                        col("usage_mins"), col("ssh_mins"), lit(0).cast("smallint").as("sftp_mins"),
                        col("reconnecting_pty_mins"), col("vscode_mins"), col("jetbrains_mins"), col("app_usage_mins"),
                        to_date(col("bucket_start")).as("event_date"));
    }

    /**
     * The gold numbers of each (bucket, template, user) of a partition of minute facts sorted by it (columns: the key,
     * source, family, app_name, max_connection_count, minute as epoch microseconds, latency_samples).
     */
    static final class GroupUsage implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        static final StructType SCHEMA = new StructType()
                .add("bucket_start", DataTypes.TimestampType).add("template_id", DataTypes.StringType)
                .add("user_id", DataTypes.StringType).add("median_latency_ms", DataTypes.FloatType)
                .add("usage_mins", DataTypes.ShortType).add("ssh_mins", DataTypes.ShortType)
                .add("reconnecting_pty_mins", DataTypes.ShortType).add("vscode_mins", DataTypes.ShortType)
                .add("jetbrains_mins", DataTypes.ShortType)
                .add("app_usage_mins", DataTypes.createMapType(DataTypes.StringType, DataTypes.ShortType));

        @Override
        public java.util.Iterator<Row> call(java.util.Iterator<Row> rows) {
            return new SortedGroups<GoldKey, BucketUsage>(rows, GoldKey::of, BucketUsage::new, GroupUsage::add, GroupUsage::row);
        }

        private static void add(BucketUsage g, Row r) {
            long minute = r.getLong(7);
            switch (r.getString(3)) {
                case AGENT -> g.agent(minute, r.getString(4), r.isNullAt(6) ? null : r.getLong(6));
                case APP -> g.app(minute, r.getString(5));
                case LATENCY -> g.latency(minute, samples(r.getList(8)));
                default -> throw new IllegalArgumentException("a minute fact of unknown source " + r.getString(3));
            }
        }

        private static java.util.List<Row> row(GoldKey k, BucketUsage g) {
            BucketUsage.Result u = g.result();
            if (u == null) {
                return java.util.List.of();
            }
            return java.util.List.of(RowFactory.create(k.bucket(), k.template(), k.user(),
                    u.medianLatencyMs() == null ? null : (float) (double) u.medianLatencyMs(),
                    (short) u.usageMins(), (short) u.sshMins(), (short) u.reconnectingPtyMins(), (short) u.vscodeMins(),
                    (short) u.jetbrainsMins(), u.appMins() == null ? null : appMinutes(u.appMins())));
        }

        private static double[] samples(java.util.List<Double> list) {
            double[] s = new double[list.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = list.get(i);
            }
            return s;
        }

        /** The map as a Spark row holds one, its entries in the order of the sorted names. */
        private static scala.collection.Map<String, Short> appMinutes(java.util.SortedMap<String, Integer> mins) {
            java.util.Map<String, Short> m = new java.util.LinkedHashMap<>();
            mins.forEach((app, n) -> m.put(app, (short) (int) n));
            return scala.jdk.javaapi.CollectionConverters.asScala(m);
        }
    }
}
