package com.coderinsights.dw.spark.jobs.gold;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;

import com.coderinsights.dw.core.usage.HourActivity;
import com.coderinsights.dw.spark.common.DeltaWriter;
import com.coderinsights.dw.spark.common.Described;
import com.coderinsights.dw.spark.common.JobContext;
import com.coderinsights.dw.spark.common.JobResult;
import com.coderinsights.dw.spark.common.Lake;
import com.coderinsights.dw.spark.common.RunWindow;
import com.coderinsights.dw.spark.common.SparkJob;
import com.coderinsights.dw.spark.common.Sql;
import com.coderinsights.dw.spark.jobs.silver.BuildSilverJob;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report tables above {@code gold.template_usage_stats}, recomputed for what this run's gold buckets and new
 * login events touched ((hour, user) pairs, or whole hours: handed on in memory in a pipeline run, and those
 * {@code silver._pending_report_scope} holds, removed once done), each replaced atomically:
 * <ul>
 *   <li>{@code gold.v1_activity_hourly}, the rows of exactly those (hour, user) pairs (an hour with many pending
 *   users, like gold's busy buckets, whole): Coder v1 activity (SEMANTICS.md Part A 6) per hour, user, organization
 *   and category ({@code ide}, {@code tunnel}, {@code web_terminal}, {@code app}, {@code login}, {@code any}):
 *   {@code count} = distinct active minutes (logins: login events). Rows with organization NULL are the whole
 *   deployment (a minute in two organizations' templates counts once there).</li>
 *   <li>{@code gold.template_user_daily_usage}, the whole days of those hours: per UTC day, template and user, the
 *   sums of the half-hour minutes.</li>
 *   <li>{@code gold.user_daily_usage}: per UTC day and user over all templates, with Coder's 30-minute cap per
 *   half hour applied before summing (SEMANTICS.md §4 conventions).</li>
 * </ul>
 */
public final class BuildReportTablesJob implements SparkJob {

    public static final String NAME = "build_report_tables";
    /** What the report tables recompute next: (hour, user) pairs, a null user standing for the whole hour. */
    public static final String PENDING = "_pending_report_scope";
    /** Whole hours only, as runs before the (hour, user) scope noted them: still read, then emptied. */
    static final String LEGACY_PENDING = "_pending_report_hours";
    public static final String V1 = "v1_activity_hourly";
    public static final String TEMPLATE_USER_DAILY = "template_user_daily_usage";
    public static final String USER_DAILY = "user_daily_usage";

    private static final Logger LOG = LoggerFactory.getLogger(BuildReportTablesJob.class);
    private static final String[] MINUTE_COLUMNS = {"usage_mins", "ssh_mins", "sftp_mins", "reconnecting_pty_mins", "vscode_mins",
        "jetbrains_mins"};
    private static final StructType PENDING_SCHEMA = new StructType()
            .add("hour", DataTypes.TimestampType, false).add("user_id", DataTypes.StringType, true)
            .add("run_id", DataTypes.StringType, false);

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Notes what the next report run recomputes: whole hours, and single users' rows of other hours.
     * Appended: a step that dies after this and runs again under the same tag notes the same rows
     * again, which changes nothing (the report run takes them as a set and removes a tag's rows
     * together); an append costs a third of a replace of the tag's rows.
     */
    public static void notePending(SparkSession spark, Lake lake, java.util.Collection<Instant> wholeHours,
                                   Map<Instant, ? extends java.util.Collection<String>> usersByHour, String tag) {
        List<Row> rows = new java.util.ArrayList<>();
        wholeHours.stream().distinct().forEach(h -> rows.add(org.apache.spark.sql.RowFactory.create(java.sql.Timestamp.from(h), null, tag)));
        usersByHour.forEach((h, users) -> users.stream().distinct()
                .forEach(u -> rows.add(org.apache.spark.sql.RowFactory.create(java.sql.Timestamp.from(h), u, tag))));
        DeltaWriter.append(spark, spark.createDataFrame(rows, PENDING_SCHEMA), lake.path("silver", PENDING), BuildSilverJob.PENDING_LAYOUT);
    }

    /**
     * Notes what the report tables recompute next: handed to them in memory in a pipeline run (see
     * {@link com.coderinsights.dw.spark.common.HandOff}), else {@link #notePending noted in the lake}.
     */
    public static void noteScope(SparkSession spark, JobContext ctx, java.util.Collection<Instant> wholeHours,
                                 Map<Instant, ? extends java.util.Collection<String>> usersByHour, String tag) {
        if (ctx.handOff() != null) {
            ctx.handOff().addReportScope(wholeHours, usersByHour);
        } else {
            notePending(spark, ctx.lake(), wholeHours, usersByHour, tag);
        }
    }

    @Override
    public JobResult run(SparkSession spark, RunWindow window, JobContext ctx) {
        Lake lake = ctx.lake();
        Map<String, Long> counts = new LinkedHashMap<>();
        String pendingPath = lake.path("silver", PENDING);
        String legacyPath = lake.path("silver", LEGACY_PENDING);
        // the scope handed on in this run, and what the pending tables hold (of runs that did not hand theirs on), read
        // only when they hold any
        java.util.SortedMap<Instant, SortedSet<String>> usersByHour = ctx.handOff() == null ? new java.util.TreeMap<>()
                : ctx.handOff().takeReportUsers();
        SortedSet<Instant> wholeHours = ctx.handOff() == null ? new TreeSet<>() : ctx.handOff().takeWholeReportHours();
        SortedSet<String> runIds = new TreeSet<>();
        if (Lake.hasFiles(spark, pendingPath)) {
            for (Row r : spark.read().format("delta").load(pendingPath).select("hour", "user_id", "run_id").collectAsList()) {
                Instant hour = r.getTimestamp(0).toInstant();
                if (r.isNullAt(1)) {
                    wholeHours.add(hour);
                } else {
                    usersByHour.computeIfAbsent(hour, k -> new TreeSet<>()).add(r.getString(1));
                }
                runIds.add(r.getString(2));
            }
        }
        SortedSet<String> legacyRunIds = new TreeSet<>();
        if (Lake.hasFiles(spark, legacyPath)) {
            for (Row r : spark.read().format("delta").load(legacyPath).select("hour", "run_id").collectAsList()) {
                wholeHours.add(r.getTimestamp(0).toInstant());
                legacyRunIds.add(r.getString(1));
            }
        }
        // hours with many pending users are recomputed whole, like gold's buckets
        BuildTemplateUsageStatsJob.Scope scope = BuildTemplateUsageStatsJob.Scope.of(usersByHour, wholeHours,
                ctx.config().integer("dw.gold.whole-bucket-min-users"), ctx.config().integer("dw.gold.max-single-pairs"));
        SortedSet<Instant> hours = scope.buckets();
        counts.put("hours_recomputed", (long) hours.size());
        counts.put("hours_recomputed_whole", (long) scope.whole().size());
        counts.put("user_hours_recomputed_alone", scope.pairCount());
        if (hours.isEmpty()) {
            return new JobResult(NAME, counts);
        }
        SortedSet<String> days = new TreeSet<>();
        hours.forEach(h -> days.add(LocalDate.ofInstant(h, ZoneOffset.UTC).toString()));
        String dayList = String.join(", ", days.stream().map(d -> "date'" + d + "'").toList());
        long t0 = System.nanoTime();
        spark.sparkContext().setJobDescription("gold report tables");

        List<String> webIdes = ctx.config().raw().getStringList("dw.reports.v1.web-ide-slugs");
        List<Dataset<Row>> cached = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        // the three tables side by side: each is a few small jobs and a Delta commit, mostly waiting
        // the minute facts and logins of the scope, selected by plain time ranges too (Delta skips files by those)
        java.util.concurrent.CompletableFuture<Long> v1 = Described.async(spark, "gold report v1 activity", () -> DeltaWriter.replace(spark,
                v1Activity(spark, lake, "event_date in (" + dayList + ") and " + Sql.within("bucket_start", hours, java.time.Duration.ofHours(1))
                                + " and (" + scope.predicate("date_trunc('HOUR', bucket_start)", "user_id") + ")",
                        Sql.within("time", hours, java.time.Duration.ofHours(1)) + " and (" + scope.predicate("date_trunc('HOUR', time)", "user_id") + ")",
                        webIdes),
                lake.path("gold", V1), "event_date in (" + dayList + ") and (" + scope.predicate("hour", "user_id") + ")", "event_date"));

        String goldPath = lake.path("gold", BuildTemplateUsageStatsJob.TABLE);
        java.util.concurrent.CompletableFuture<Long> perTemplateWritten = java.util.concurrent.CompletableFuture.completedFuture(-1L);
        java.util.concurrent.CompletableFuture<Long> perUserWritten = java.util.concurrent.CompletableFuture.completedFuture(-1L);
        if (Lake.exists(spark, goldPath)) {
            Dataset<Row> buckets = spark.read().format("delta").load(goldPath).where("event_date in (" + dayList + ")").persist();
            cached.add(buckets);
            Column[] sums = java.util.Arrays.stream(MINUTE_COLUMNS).map(c -> sum(col(c)).as(c.replace("_mins", "_minutes")))
                    .toArray(Column[]::new);
            Dataset<Row> perTemplate = buckets.groupBy(col("event_date").as("day"), col("template_id"), col("user_id"))
                    .agg(sums[0], java.util.Arrays.copyOfRange(sums, 1, sums.length))
                    .withColumn("usage_seconds", col("usage_minutes").cast("long").multiply(60));
            perTemplateWritten = Described.async(spark, "gold report template user daily", () -> DeltaWriter.replace(spark, perTemplate,
                    lake.path("gold", TEMPLATE_USER_DAILY), "day in (" + dayList + ")", "day"));
            Column[] capped = java.util.Arrays.stream(MINUTE_COLUMNS).map(c -> expr("least(sum(" + c + "), 30)").as(c))
                    .toArray(Column[]::new);
            Dataset<Row> perBucket = buckets.groupBy(col("event_date"), col("start_time"), col("user_id"))
                    .agg(array_sort(collect_set(col("template_id"))).as("template_ids"), capped);
            Dataset<Row> perUser = perBucket.groupBy(col("event_date").as("day"), col("user_id"))
                    .agg(array_sort(org.apache.spark.sql.functions.array_distinct(
                            org.apache.spark.sql.functions.flatten(org.apache.spark.sql.functions.collect_list(col("template_ids")))))
                            .as("template_ids"), sums)
                    .withColumn("usage_seconds", col("usage_minutes").cast("long").multiply(60));
            perUserWritten = Described.async(spark, "gold report user daily", () -> DeltaWriter.replace(spark, perUser,
                    lake.path("gold", USER_DAILY), "day in (" + dayList + ")", "day"));
        }
        try {
            counts.put("v1_activity_rows_written", v1.join());
            if (perTemplateWritten.join() >= 0) {
                counts.put("template_user_daily_rows_written", perTemplateWritten.join());
                counts.put("user_daily_rows_written", perUserWritten.join());
            }
        } catch (java.util.concurrent.CompletionException e) {
            throw new IllegalStateException("report tables failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            cached.forEach(Dataset::unpersist);
        }
        BuildTemplateUsageStatsJob.forget(spark, pendingPath, List.copyOf(runIds));
        BuildTemplateUsageStatsJob.forget(spark, legacyPath, List.copyOf(legacyRunIds));
        LOG.info("{}: {} hours of {} days recomputed in {} ms: {}", NAME, hours.size(), days.size(), (System.nanoTime() - t0) / 1_000_000,
                counts);
        return new JobResult(NAME, counts);
    }

    /**
     * The v1 activity rows of the minute facts and login events selected by the two predicates: per hour, user,
     * organization (the template's; a login counts in every organization the user belongs to; NULL = the whole
     * deployment) and category, the distinct minutes ({@code count}). Agent minutes count after the half-hour
     * connection gate, as in the v2 rollup; an agent session of an unknown family is in no category.
     */
    static Dataset<Row> v1Activity(SparkSession spark, Lake lake, String minutesWhere, String loginsWhere, List<String> webIdes) {
        String minutesPath = lake.path("silver", BuildTemplateUsageStatsJob.MINUTES);
        List<Dataset<Row>> parts = new java.util.ArrayList<>();
        if (Lake.exists(spark, minutesPath)) {
            String templatesPath = lake.path("silver", "templates");
            java.util.HashMap<String, String> organizations = new java.util.HashMap<>();
            if (Lake.exists(spark, templatesPath)) {
                spark.read().format("delta").load(templatesPath).select("id", "organization_id").collectAsList()
                        .forEach(r -> organizations.put(r.getString(0), r.getString(1)));
            }
            parts.add(minuteCounts(spark.read().format("delta").load(minutesPath).where(minutesWhere), organizations, webIdes));
        }
        String loginsPath = lake.path("silver", "login_events");
        if (Lake.exists(spark, loginsPath)) {
            Dataset<Row> logins = spark.read().format("delta").load(loginsPath).where(loginsWhere).where("is_success")
                    .select(date_trunc("HOUR", col("time")).as("hour"), col("user_id"), col("id"));
            Dataset<Row> deployment = logins.groupBy("hour", "user_id").agg(count(lit(1)).as("count"))
                    .withColumn("organization_id", lit(null).cast("string"));
            parts.add(deployment.withColumn("category", lit("login")));
            parts.add(deployment.withColumn("category", lit("any")));
            String membersPath = lake.path("silver", "organization_members");
            if (Lake.exists(spark, membersPath)) {
                Dataset<Row> perOrg = logins.join(spark.read().format("delta").load(membersPath).select("user_id", "organization_id"), "user_id")
                        .groupBy("hour", "user_id", "organization_id").agg(count(lit(1)).as("count"));
                parts.add(perOrg.withColumn("category", lit("login")));
                parts.add(perOrg.withColumn("category", lit("any")));
            }
        }
        if (parts.isEmpty()) {
            return spark.emptyDataFrame().select(lit(null).cast("timestamp").as("hour"), lit(null).cast("string").as("user_id"),
                    lit(null).cast("string").as("organization_id"), lit(null).cast("string").as("category"),
                    lit(null).cast("long").as("count"), lit(null).cast("date").as("event_date"));
        }
        // "any" adds the logins to the minutes of the same hour, user and organization
        return parts.stream().map(p -> p.select("hour", "user_id", "organization_id", "category", "count"))
                .reduce(Dataset::unionByName).orElseThrow()
                .groupBy("hour", "user_id", "organization_id", "category").agg(sum("count").cast("long").as("count"))
                .withColumn("event_date", to_date(col("hour")));
    }

    /**
     * The v1 activity counts of minute facts (columns hour, user_id, organization_id, category, count): each (hour,
     * user) in one partition, its counts in one pass, a group at a time ({@link HourActivity}, {@link SortedGroups}).
     * Spark operators (the gate a join, the template's organization a second, the categories' distinct minutes four
     * grouping sets) took twice the time in interpreted mode.
     *
     * @param organizations each known template's organization
     */
    static Dataset<Row> minuteCounts(Dataset<Row> minutes, Map<String, String> organizations, java.util.Collection<String> webIdes) {
        Dataset<Row> facts = minutes.where(col("source").isin(UsageTransforms.AGENT, UsageTransforms.APP))
                .select(date_trunc("HOUR", col("bucket_start")).as("hour"), col("user_id"), expr("unix_micros(bucket_start)").as("bucket"),
                        col("template_id"), col("source"), col("family"), col("app_name"), col("max_connection_count"),
                        expr("unix_micros(minute)").as("minute"))
                .repartition(col("hour"), col("user_id")).sortWithinPartitions("hour", "user_id");
        return facts.mapPartitions(new HourCounts(new java.util.HashMap<>(organizations), new java.util.HashSet<>(webIdes)),
                Encoders.row(HourCounts.SCHEMA));
    }

    /**
     * The v1 activity counts of each (hour, user) of a partition of agent and app minute facts sorted by it (columns:
     * hour, user_id, bucket, template_id, source, family, app_name, max_connection_count, minute; bucket and minute in
     * epoch microseconds).
     */
    static final class HourCounts implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        static final StructType SCHEMA = new StructType().add("hour", DataTypes.TimestampType).add("user_id", DataTypes.StringType)
                .add("organization_id", DataTypes.StringType).add("category", DataTypes.StringType).add("count", DataTypes.LongType);

        private final java.util.HashMap<String, String> organizations;
        private final java.util.HashSet<String> webIdes;

        HourCounts(java.util.HashMap<String, String> organizations, java.util.HashSet<String> webIdes) {
            this.organizations = organizations;
            this.webIdes = webIdes;
        }

        private record Key(Object hour, String user) {
        }

        @Override
        public java.util.Iterator<Row> call(java.util.Iterator<Row> rows) {
            return new SortedGroups<Key, HourActivity>(rows, r -> new Key(r.get(0), r.getString(1)), () -> new HourActivity(organizations, webIdes),
                    HourCounts::add, (k, g) -> g.counts().stream()
                            .map(c -> org.apache.spark.sql.RowFactory.create(k.hour(), k.user(), c.organizationId(), c.category(), c.minutes()))
                            .toList());
        }

        private static void add(HourActivity g, Row r) {
            if (r.getString(4).equals(UsageTransforms.AGENT)) {
                g.agent(r.getLong(2), r.getString(3), r.getLong(8), r.getString(5), r.isNullAt(7) ? null : r.getLong(7));
            } else {
                g.app(r.getString(3), r.getLong(8), r.getString(6));
            }
        }
    }
}
