package com.coderinsights.dw.spark.jobs.silver;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.grouping;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.to_date;

import com.coderinsights.dw.core.contract.RawContract;
import com.coderinsights.dw.core.contract.StreamSpec;
import com.coderinsights.dw.core.usage.SessionFamilies;
import com.coderinsights.dw.spark.jobs.AgentReports;
import com.coderinsights.dw.spark.common.DeltaWriter;
import com.coderinsights.dw.spark.common.Described;
import com.coderinsights.dw.spark.common.JobContext;
import com.coderinsights.dw.spark.common.JobResult;
import com.coderinsights.dw.spark.common.Lake;
import com.coderinsights.dw.spark.common.RunWindow;
import com.coderinsights.dw.spark.common.SparkJob;
import com.coderinsights.dw.spark.common.Sql;
import com.coderinsights.dw.spark.jobs.Usage;
import com.coderinsights.dw.spark.jobs.bronze.IngestRawLogsJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bronze to silver, for the bronze files no silver run has processed yet:
 * <ul>
 *   <li>dimensions: the latest version per natural key of every dimension stream ({@code silver.<stream>});</li>
 *   <li>{@code silver.workspace_agent_stats}: deduplicated on {@code id} (the first ingested copy wins),
 *       both generations normalised to a per-app {@code session_counts} map;</li>
 *   <li>{@code silver.workspace_app_sessions}: one row per (user_id, agent_id, session_id), the copy
 *       with the largest session_ended_at, then requests (Coder's upsert rule);</li>
 *   <li>{@code silver.connection_logs} on (connection_id, workspace_id, agent_name) and
 *       {@code silver.login_events} (audit-log logins) on id;</li>
 *   <li>{@code silver.quarantine}: facts dated after their file arrived (beyond a skew);</li>
 *   <li>the (half-hour bucket, user) pairs the new facts touch, for the usage job: handed on in memory in a
 *       pipeline run ({@link com.coderinsights.dw.spark.common.HandOff}), else in {@code silver._pending_user_buckets}.</li>
 * </ul>
 * Every write is an idempotent merge or replace, and the processed-file log is written last (in a pipeline run, once
 * every layer is done), so a run that dies midway is simply done again by the next.
 */
public final class BuildSilverJob implements SparkJob {

    public static final String NAME = "build_silver";
    public static final String PROCESSED = "_processed_files";
    public static final String PENDING = "_pending_user_buckets";
    /**
     * The pending tables' layout ({@code _pending_user_buckets}, {@code _pending_report_scope}): partitioned by the
     * run that noted the entries, so their consumer removes a run's entries by partition, a commit with no pass over
     * the rows: 0.86 s against 1.27 s for a table without partitions (a warm JVM, 6,000 entries, alternating, 8
     * each). Tables created before keep their layout, and work as before.
     */
    public static final DeltaWriter.Layout PENDING_LAYOUT = DeltaWriter.Layout.partitionedBy("run_id");
    /** The columns of (half-hour bucket, user) pairs. */
    private static final StructType PAIRS_SCHEMA = new StructType().add("bucket_start", DataTypes.TimestampType)
            .add("user_id", DataTypes.StringType);
    public static final String QUARANTINE = "quarantine";
    public static final String NORMALIZE_COUNTS = "dw_normalize_session_counts";

    private static final Logger LOG = LoggerFactory.getLogger(BuildSilverJob.class);
    /** Above this many ids, sets of ids are joined by shuffling rather than broadcast. */
    private static final int MAX_BROADCAST_IDS = 500_000;
    /** Up to this many ids, a set of ids is a literal set in the query rather than a joined dataset. */
    private static final int MAX_LITERAL_IDS = 10_000;
    /** Partitioned by event date; statistics only of what readers prune on. */
    public static final DeltaWriter.Layout AGENT_STATS_LAYOUT = DeltaWriter.Layout.partitionedBy("event_date")
            .withStats("created_at", "_arrival_hour");

    @Override
    public String name() {
        return NAME;
    }

    static void registerFunctions(SparkSession spark) {
        if (spark.catalog().functionExists(NORMALIZE_COUNTS)) {
            return;
        }
        spark.udf().register(NORMALIZE_COUNTS, (UDF1<scala.collection.Map<String, Long>, Map<String, Long>>) m ->
                m == null ? null : SessionFamilies.normalizeCounts(scala.jdk.javaapi.CollectionConverters.asJava(m)),
                DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType));
    }

    @Override
    public JobResult run(SparkSession spark, RunWindow window, JobContext ctx) {
        Lake lake = ctx.lake();
        registerFunctions(spark);
        Map<String, Long> counts = new LinkedHashMap<>();
        String manifestPath = lake.path("bronze", IngestRawLogsJob.MANIFEST_TABLE);
        if (!Lake.exists(spark, manifestPath)) {
            return new JobResult(NAME, counts);
        }
        Dataset<Row> ingested = spark.read().format("delta").load(manifestPath).where("status = 'ingested'")
                .select("source_file", "stream", "arrival_hour", "rows_written");
        String processedPath = lake.path("silver", PROCESSED);
        Dataset<Row> fresh = ingested;
        if (Lake.exists(spark, processedPath)) {
            Dataset<Row> done = spark.read().format("delta").load(processedPath).select("source_file");
            fresh = ingested.join(done, ingested.col("source_file").equalTo(done.col("source_file")), "left_anti");
        }
        List<Row> files = fresh.orderBy("source_file").collectAsList();
        counts.put("bronze_files_new", (long) files.size());
        if (files.isEmpty()) {
            return new JobResult(NAME, counts);
        }
        Map<String, List<String>> byStream = new TreeMap<>();
        Map<String, TreeSet<java.time.Instant>> hoursByStream = new TreeMap<>();
        for (Row f : files) {
            byStream.computeIfAbsent(f.getString(1), k -> new ArrayList<>()).add(f.getString(0));
            hoursByStream.computeIfAbsent(f.getString(1), k -> new TreeSet<>()).add(f.getTimestamp(2).toInstant());
        }
        int skew = ctx.config().integer("dw.silver.future-skew-minutes");
        if (skew < 0) {
            // bronze sets idle reports apart assuming nothing dated within its arrival hour is quarantined
            throw new IllegalArgumentException("dw.silver.future-skew-minutes must be 0 or more, not " + skew);
        }
        long[] t = {System.nanoTime()};
        java.util.function.Consumer<String> step = what -> {
            long now = System.nanoTime();
            LOG.info("{}: {} took {} ms", NAME, what, (now - t[0]) / 1_000_000);
            t[0] = now;
        };

        // dimensions, side by side with the facts (nothing in silver joins them): each the latest version per
        // key of what silver holds and the new bronze rows
        List<StreamSpec> dims = RawContract.streams().stream()
                .filter(spec -> spec.kind() == StreamSpec.Kind.DIMENSION && byStream.containsKey(spec.name())).toList();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, ctx.config().integer("dw.bronze.parallel-streams")));
        List<java.util.concurrent.Future<Long>> dimsWritten = new ArrayList<>();
        // workspaces silver did not know before this run: app sessions already in silver may belong to them
        List<String> newWorkspaces = java.util.Collections.synchronizedList(new ArrayList<>());
        for (StreamSpec spec : dims) {
            dimsWritten.add(pool.submit(() -> {
                spark.sparkContext().setJobDescription("silver " + spec.name());
                Dataset<Row> arrived = SilverTransforms.latestVersion(
                        SilverTransforms.dimensionRows(newRows(spark, lake, spec.name(), byStream, hoursByStream), spec), spec);
                String path = lake.path("silver", spec.name());
                Dataset<Row> current = Lake.exists(spark, path) ? spark.read().format("delta").load(path) : null;
                if (spec.name().equals(RawContract.WORKSPACES)) {
                    Dataset<Row> ids = arrived.select("id");
                    newWorkspaces.addAll((current == null ? ids : ids.join(current.select("id"), "id", "left_anti"))
                            .as(Encoders.STRING()).collectAsList());
                }
                if (current != null && sameColumns(current.schema(), arrived.schema())) {
                    // the keys that arrived, each where it is newer than silver's version: the rest is not rewritten. An
                    // hour's are mostly all new (its builds, and their resources, agents, apps and parameters): then they
                    // are appended, a commit of a few Spark jobs where a merge takes some 18
                    if (!SilverTransforms.anyKeyHeld(current, arrived, spec)) {
                        return DeltaWriter.append(spark, arrived, path, DeltaWriter.Layout.partitionedBy());
                    }
                    return DeltaWriter.merge(spark, arrived, path, SilverTransforms.sameKey(spec), SilverTransforms.newerVersion(spec));
                }
                // a new table, or one whose columns the contract changed: all of it, the latest version per key
                Dataset<Row> rows = current == null ? arrived : arrived.unionByName(current, true);
                return DeltaWriter.overwrite(spark, SilverTransforms.latestVersion(rows, spec), path);
            }));
        }
        pool.shutdown();

        List<String> newFiles = files.stream().map(r -> r.getString(0)).toList();
        // the four fact streams side by side too: agent stats keep the cores busy, the small ones mostly wait on Delta
        java.util.concurrent.ExecutorService factPool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<FactOutcome>> facts = new ArrayList<>();
        facts.add(factPool.submit(() -> {
            Dataset<Row> agent = newRows(spark, lake, RawContract.WORKSPACE_AGENT_STATS, byStream, hoursByStream);
            if (agent == null) {
                return FactOutcome.NONE;
            }
            spark.sparkContext().setJobDescription("silver agent stats");
            AgentStatsOutcome o = writeAgentStats(spark, lake, agent, bronzeRows(files, RawContract.WORKSPACE_AGENT_STATS), skew);
            return new FactOutcome(Map.of("agent_stats_new_rows", o.written(), "agent_stats_copies_skipped", o.copiesSkipped(),
                    "agent_stats_idle_reports", o.idle()),
                    o.quarantined(), o.userBuckets(), List.of(o.cached()));
        }));
        facts.add(factPool.submit(() -> {
            Dataset<Row> apps = newRows(spark, lake, RawContract.WORKSPACE_APP_STATS, byStream, hoursByStream);
            if (apps == null) {
                return FactOutcome.NONE;
            }
            spark.sparkContext().setJobDescription("silver app sessions");
            Dataset<Row> normalized = SilverTransforms.normalizeAppStats(apps, skew).persist();
            Dataset<Row> latest = SilverTransforms.latestAppSessions(normalized.where("_quarantine_reason is null")
                    .drop("_quarantine_reason")).persist();
            DeltaWriter.merge(spark, latest, lake.path("silver", "workspace_app_sessions"), inSourceHours(
                    "t.user_id = s.user_id and t.agent_id = s.agent_id and t.session_id = s.session_id", latest, "session_started_at"),
                    "s.session_ended_at > t.session_ended_at or (s.session_ended_at = t.session_ended_at and s.requests > t.requests)");
            // no quarantine commit when nothing is quarantined (a re-run of these files finds none either)
            boolean anyQuarantined = !normalized.where("_quarantine_reason is not null").isEmpty();
            return new FactOutcome(Map.of("app_sessions_new_versions", latest.count()),
                    anyQuarantined ? SilverTransforms.quarantined(normalized, RawContract.WORKSPACE_APP_STATS, "session_ended_at") : null,
                    latest.select(col("user_id"), explode(Usage.sessionMinutes(col("session_started_at"), col("session_ended_at"))).as("m"))
                            .select(Usage.halfHour(col("m")).as("bucket_start"), col("user_id")),
                    List.of(latest, normalized));
        }));
        facts.add(factPool.submit(() -> {
            Dataset<Row> conns = newRows(spark, lake, RawContract.CONNECTION_LOGS, byStream, hoursByStream);
            if (conns != null) {
                spark.sparkContext().setJobDescription("silver connection logs");
                DeltaWriter.merge(spark, SilverTransforms.latestConnections(conns), lake.path("silver", "connection_logs"),
                        inSourceHours("t.connection_key = s.connection_key", conns, "connect_time"),
                        "t.disconnect_time is null and s.disconnect_time is not null");
            }
            return FactOutcome.NONE;
        }));
        facts.add(factPool.submit(() -> {
            Dataset<Row> audit = newRows(spark, lake, RawContract.AUDIT_LOGS, byStream, hoursByStream);
            if (audit != null) {
                spark.sparkContext().setJobDescription("silver login events");
                Dataset<Row> logins = SilverTransforms.dedupFirstIngested(audit.where("action = 'login'"), "id")
                        .select(col("id"), col("time"), col("user_id"), col("organization_id"), col("ip"), col("user_agent"),
                                col("status_code"), col("status_code").lt(400).as("is_success"), to_date(col("time")).as("event_date"),
                                col("_source_file"), col("_ingested_at"));
                // the (hour, user) pairs of the logins: the rows of the v1 activity report they count in
                Map<Instant, List<String>> usersByHour = new TreeMap<>();
                for (Row r : logins.select(date_trunc("hour", col("time")), col("user_id")).distinct().collectAsList()) {
                    usersByHour.computeIfAbsent(r.getTimestamp(0).toInstant(), k -> new ArrayList<>()).add(r.getString(1));
                }
                DeltaWriter.merge(spark, logins, lake.path("silver", "login_events"),
                        "t.id = s.id and " + Sql.within("t.time", usersByHour.keySet(), java.time.Duration.ofHours(1)), null);
                com.coderinsights.dw.spark.jobs.gold.BuildReportTablesJob.noteScope(spark, ctx, List.of(), usersByHour,
                        ctx.runId() + "/logins");
            }
            return FactOutcome.NONE;
        }));
        factPool.shutdown();
        List<FactOutcome> outcomes = new ArrayList<>();
        try {
            for (java.util.concurrent.Future<FactOutcome> f : facts) {
                outcomes.add(f.get());
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("silver facts failed: " + e.getMessage(), e);
        }
        step.accept("facts");
        try {
            outcomes.forEach(o -> new java.util.TreeMap<>(o.counts()).forEach(counts::put));
            String filesPredicate = Sql.inList("_source_file", newFiles);
            List<Dataset<Row>> quarantine = outcomes.stream().map(FactOutcome::quarantined).filter(java.util.Objects::nonNull).toList();
            List<Dataset<Row>> buckets = outcomes.stream().map(FactOutcome::buckets).filter(java.util.Objects::nonNull).toList();
            java.util.concurrent.CompletableFuture<Long> q = quarantine.isEmpty() ? java.util.concurrent.CompletableFuture.completedFuture(0L)
                    : Described.async(spark, "silver quarantine", () -> DeltaWriter.replace(spark,
                            quarantine.stream().reduce(Dataset::unionByName).orElseThrow(), lake.path("silver", QUARANTINE), filesPredicate));
            if (!buckets.isEmpty()) {
                Dataset<Row> b = buckets.stream().reduce(Dataset::unionByName).orElseThrow().distinct();
                if (ctx.handOff() != null) {
                    // handed to gold in memory: this run's files are logged as processed only once its layers are all done,
                    // so a run that fails before gold has them leaves the files to the next run, whose silver finds the
                    // same pairs again
                    List<Row> pairs = b.select("bucket_start", "user_id").collectAsList();
                    java.util.SortedMap<Instant, java.util.SortedSet<String>> usersByBucket = new TreeMap<>();
                    com.coderinsights.dw.spark.jobs.gold.BuildTemplateUsageStatsJob.addPairs(usersByBucket, pairs);
                    ctx.handOff().addUserBuckets(usersByBucket);
                    counts.put("user_buckets_touched", (long) pairs.size());
                } else {
                    // appended, like every pending entry: a run that dies after this and is run again adds the same pairs
                    // again, which changes nothing (the usage job takes the pairs as a set and removes a run's entries by
                    // its id), and an append costs a third of a replace (0.36 s against 1.08 s in a warm JVM)
                    counts.put("user_buckets_touched", notePendingBuckets(spark, lake, b, ctx.runId()));
                }
            }
            counts.put("quarantined_future_rows", q.join());
            step.accept("quarantine and pending buckets");
        } finally {
            outcomes.forEach(o -> o.cached().forEach(Dataset::unpersist));
        }
        try {
            for (int i = 0; i < dims.size(); i++) {
                counts.put(dims.get(i).name() + "_versions_written", dimsWritten.get(i).get());
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("silver dimensions failed: " + e.getMessage(), e);
        }
        step.accept("dimensions (the rest of them)");
        if (!newWorkspaces.isEmpty()) {
            // the buckets of app sessions that arrived before their workspace: the usage job attributes them now. Always
            // written to the lake: a run that does this file again finds the workspaces known, so not these pairs
            String tag = ctx.runId() + "/late-workspaces";
            long n = notePendingBuckets(spark, lake, lateWorkspaceBuckets(spark, lake, newWorkspaces), tag);
            counts.put("user_buckets_touched_by_late_workspaces", n);
        }
        // last: the files are done. They are not in the log (that is how they were found), so an append, from the list
        // already here: no scan of the log for rows to replace, no second pass over the manifest. In a pipeline run, once
        // every layer is done
        StructType processedSchema = new StructType().add("source_file", DataTypes.StringType).add("stream", DataTypes.StringType)
                .add("run_id", DataTypes.StringType);
        List<Row> processed = files.stream().map(f -> org.apache.spark.sql.RowFactory.create(f.getString(0), f.getString(1), ctx.runId()))
                .toList();
        java.util.function.LongSupplier logFiles = () -> {
            DeltaWriter.append(spark, spark.createDataFrame(processed, processedSchema), processedPath, DeltaWriter.Layout.partitionedBy());
            return processed.size();
        };
        if (ctx.handOff() != null) {
            ctx.handOff().atEnd("processed_files", logFiles);
        } else {
            logFiles.getAsLong();
        }
        LOG.info("{}: {} new bronze files: {}", NAME, files.size(), counts);
        return new JobResult(NAME, counts);
    }

    /**
     * Appends (half-hour bucket, user) pairs ({@code bucket_start}, {@code user_id}) to {@code silver._pending_user_buckets}
     * under the given run id, for the usage job; returns the rows written.
     */
    public static long notePendingBuckets(SparkSession spark, Lake lake, Dataset<Row> pairs, String runId) {
        return DeltaWriter.append(spark, pairs.select("bucket_start", "user_id").withColumn("run_id", lit(runId)),
                lake.path("silver", PENDING), PENDING_LAYOUT);
    }

    /** {@link #notePendingBuckets(SparkSession, Lake, Dataset, String)} of pairs held in memory: users by bucket. */
    public static long notePendingBuckets(SparkSession spark, Lake lake, Map<Instant, ? extends java.util.Collection<String>> usersByBucket,
                                          String runId) {
        List<Row> rows = new ArrayList<>();
        usersByBucket.forEach((b, users) -> users.forEach(
                u -> rows.add(org.apache.spark.sql.RowFactory.create(java.sql.Timestamp.from(b), u))));
        return notePendingBuckets(spark, lake, spark.createDataFrame(rows, PAIRS_SCHEMA), runId);
    }

    /** The (half-hour bucket, user) pairs of the silver app sessions in the given workspaces (none when there are none). */
    private static Dataset<Row> lateWorkspaceBuckets(SparkSession spark, Lake lake, List<String> workspaceIds) {
        String path = lake.path("silver", "workspace_app_sessions");
        if (!Lake.exists(spark, path)) {
            return spark.createDataFrame(List.of(), PAIRS_SCHEMA);
        }
        Dataset<Row> ids = broadcast(spark.createDataset(workspaceIds, Encoders.STRING()).toDF("workspace_id"));
        return spark.read().format("delta").load(path).join(ids, "workspace_id", "left_semi")
                .select(col("user_id"), explode(Usage.sessionMinutes(col("session_started_at"), col("session_ended_at"))).as("m"))
                .select(Usage.halfHour(col("m")).as("bucket_start"), col("user_id")).distinct();
    }

    /** What one fact stream's silver step left for the rest of the run. */
    private record FactOutcome(Map<String, Long> counts, Dataset<Row> quarantined, Dataset<Row> buckets, List<Dataset<Row>> cached) {
        static final FactOutcome NONE = new FactOutcome(Map.of(), null, null, List.of());
    }

    /** What {@link #writeAgentStats} did; {@code cached} is unpersisted once the quarantine is written. */
    private record AgentStatsOutcome(long written, long copiesSkipped, long idle, Dataset<Row> userBuckets, Dataset<Row> quarantined,
                                     Dataset<Row> cached) {
    }

    /**
     * New agent stats into {@code silver.workspace_agent_stats}: the reports with a session or a
     * latency sample (idle heartbeats, about 9 in 10, change no number: they stay in bronze and are
     * only counted), each once: the first ingested copy of an id in this batch, and none whose id
     * silver already holds. One pass over the new bronze rows keeps, normalised and cached, the
     * active reports and the quarantined ones (a small share); the rest works on those:
     * <ol>
     *   <li>one aggregation, collected: per half hour, the counts (idle = the files' bronze rows minus
     *       the kept ones) and the ids that occur more than once in the batch (few: only those rows are
     *       ordered); the (bucket, user) pairs the usage job must recompute are those of the active rows;</li>
     *   <li>the rows appended in one commit, partitioned by event date, without the ids silver already
     *       holds (a re-sent or late copy), looked for only among the rows dated no later than silver's
     *       latest report, in silver's rows of their hours.</li>
     * </ol>
     *
     * @param bronzeRows the bronze rows of the new files (from the manifest), to count the idle ones
     */
    private static AgentStatsOutcome writeAgentStats(SparkSession spark, Lake lake, Dataset<Row> bronze, long bronzeRows, int skew) {
        long t0 = System.nanoTime();
        Dataset<Row> kept = SilverTransforms.normalizeAgentStats(
                        bronze.withColumn("_quarantine_reason", SilverTransforms.futureReason(col("created_at"), skew)))
                .where(col("_quarantine_reason").isNotNull().or(SilverTransforms.activeReport()))
                .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        // one aggregation of two grouping sets gives both the rows per half hour and the ids that occur more than
        // once (few: only those rows are ordered). Plain counts: 0.29 s against 0.53 s for collecting each id's half
        // hours (hour 3 of the benchmark, 40,416 active reports, warm)
        Column isQuarantined = col("_quarantine_reason").isNotNull();
        Column bucket = col("bucket_start");
        Column quarantinedColumn = col("quarantined");
        Column id = col("id");
        List<Row> summary = kept.select(Usage.halfHour(col("created_at")).as("bucket_start"), isQuarantined.as("quarantined"), id)
                .groupingSets(Sql.seq(List.of(Sql.seq(List.of(bucket, quarantinedColumn)),
                        Sql.seq(List.of(quarantinedColumn, id)))), bucket, quarantinedColumn, id)
                .agg(count(lit(1)).as("rows"), grouping(id).as("per_bucket"))
                .where(col("per_bucket").equalTo(1).or(col("rows").gt(1)))
                .collectAsList();
        long quarantinedRows = 0;
        long okRows = 0;
        java.util.NavigableMap<Instant, Long> rowsPerHour = new TreeMap<>();
        java.util.SortedSet<String> repeatedIds = new TreeSet<>();
        for (Row r : summary) {
            boolean quarantined = r.getBoolean(1);
            if (r.getByte(4) == 0) {
                // an id with more than one copy (a quarantined report is not written: its copies need no choice)
                if (!quarantined) {
                    repeatedIds.add(r.getString(2));
                }
            } else if (quarantined) {
                quarantinedRows += r.getLong(3);
            } else {
                okRows += r.getLong(3);
                rowsPerHour.merge(r.getTimestamp(0).toInstant().truncatedTo(java.time.temporal.ChronoUnit.HOURS), r.getLong(3), Long::sum);
            }
        }
        long idleRows = bronzeRows - okRows - quarantinedRows;
        List<String> repeated = List.copyOf(repeatedIds);
        LOG.info("{}: agent stats: {} active ({} ids repeated in the batch) and {} quarantined of {} rows kept in {} ms", NAME, okRows,
                repeated.size(), quarantinedRows, bronzeRows, (System.nanoTime() - t0) / 1_000_000);
        t0 = System.nanoTime();
        Dataset<Row> quarantined = quarantinedRows == 0 ? null
                : SilverTransforms.quarantined(kept, RawContract.WORKSPACE_AGENT_STATS, "created_at");
        Dataset<Row> ok = kept.where("_quarantine_reason is null").drop("_quarantine_reason");
        Dataset<Row> userBuckets = ok.select(Usage.halfHour(col("created_at")).as("bucket_start"), col("user_id"));
        if (okRows == 0) {
            return new AgentStatsOutcome(0, 0, idleRows, userBuckets, quarantined, kept);
        }

        Dataset<Row> firstCopies = ok;
        if (repeated.size() > MAX_BROADCAST_IDS) {
            firstCopies = SilverTransforms.dedupFirstIngested(ok, "id");
        } else if (repeated.size() > MAX_LITERAL_IDS) {
            Dataset<Row> ids = broadcast(spark.createDataset(repeated, Encoders.STRING()).toDF("id"));
            firstCopies = ok.join(ids, "id", "left_anti")
                    .unionByName(SilverTransforms.dedupFirstIngested(ok.join(ids, "id", "left_semi"), "id"));
        } else if (!repeated.isEmpty()) {
            // the usual few: a set of literals, not a broadcast join (no Spark job of its own)
            Column isRepeated = col("id").isin(repeated.toArray());
            firstCopies = ok.where(not(isRepeated)).unionByName(SilverTransforms.dedupFirstIngested(ok.where(isRepeated), "id"));
        }

        // copies silver holds already. A report's copies share its created_at, so only the rows dated no later than silver's
        // latest created_at (by its files' statistics: no pass over silver) can have one there, and only silver's rows of
        // their hours need reading: an hourly batch's late reports (186 of hour 10's 100,695 in the benchmark), none of a
        // backfill of new days. A large batch first asks which of those hours silver holds rows of at all
        String path = lake.path("silver", RawContract.WORKSPACE_AGENT_STATS);
        Dataset<Row> fresh = firstCopies;
        java.util.Optional<Instant> latest = Lake.exists(spark, path)
                ? Lake.latestByStatistics(spark, path, "created_at") : java.util.Optional.of(Instant.MIN);
        java.util.NavigableMap<Instant, Long> candidateHours = latest.map(l -> rowsPerHour.headMap(l, true)).orElse(rowsPerHour);
        if (!candidateHours.isEmpty()) {
            // (silver's latest created_at is a real time here: some hour starts no later)
            Column candidate = latest.map(l -> col("created_at").leq(lit(java.sql.Timestamp.from(l)))).orElse(lit(true));
            Dataset<Row> target = spark.read().format("delta").load(path).where(candidate);
            java.time.Duration hour = java.time.Duration.ofHours(1);
            long candidateRows = candidateHours.values().stream().mapToLong(Long::longValue).sum();
            List<Instant> held = candidateRows <= MAX_BROADCAST_IDS ? List.copyOf(candidateHours.keySet())
                    : target.where(Usage.within(col("event_date"), col("created_at"), candidateHours.keySet(), hour))
                            .select(date_trunc("hour", col("created_at"))).distinct().as(Encoders.TIMESTAMP())
                            .collectAsList().stream().map(java.sql.Timestamp::toInstant).sorted().toList();
            if (!held.isEmpty()) {
                Dataset<Row> heldIds = target.where(Usage.within(col("event_date"), col("created_at"), held, hour)).select("id");
                // how many new rows fall in those hours, from the summary (no pass over the rows): few are looked up
                // with a broadcast, and silver's copies of them collected, in one Spark job (joining them as a second
                // broadcast instead made the write wait for two more)
                boolean few = held.stream().mapToLong(h -> candidateHours.getOrDefault(h, 0L)).sum() <= MAX_BROADCAST_IDS;
                fresh = few
                        ? withoutIds(spark, firstCopies, heldIds.join(broadcast(firstCopies.where(candidate)
                                .where(Usage.within(col("event_date"), col("created_at"), held, hour)).select("id")), "id", "left_semi")
                                .as(Encoders.STRING()).collectAsList())
                        : firstCopies.join(heldIds, "id", "left_anti");
            }
        }
        LOG.info("{}: agent stats: copies in silver checked in {} ms", NAME, (System.nanoTime() - t0) / 1_000_000);
        t0 = System.nanoTime();
        long written = DeltaWriter.append(spark, fresh, path, AGENT_STATS_LAYOUT);
        LOG.info("{}: agent stats: {} rows appended in {} ms", NAME, written, (System.nanoTime() - t0) / 1_000_000);
        return new AgentStatsOutcome(written, okRows - written, idleRows, userBuckets, quarantined, kept);
    }

    /** The rows whose id is none of the given ones: a set of literals for the usual few, else a broadcast join. */
    private static Dataset<Row> withoutIds(SparkSession spark, Dataset<Row> rows, List<String> ids) {
        if (ids.isEmpty()) {
            return rows;
        }
        if (ids.size() <= MAX_LITERAL_IDS) {
            return rows.where(not(col("id").isin(ids.toArray())));
        }
        return rows.join(broadcast(spark.createDataset(ids, Encoders.STRING()).toDF("id")), "id", "left_anti");
    }

    /**
     * A merge condition that, on the target side, looks only at the hours the source rows' {@code column}
     * falls in, so Delta scans only the target files of those hours for matches (by their min/max
     * statistics) instead of the whole history. The column must be one every copy of a key shares (an app
     * session's start, a connection's connect time, an event's time: Coder writes them once; the contract
     * requires them, so none is null).
     */
    private static String inSourceHours(String condition, Dataset<Row> source, String column) {
        return condition + " and " + Sql.within("t." + column, hoursOf(source, column), java.time.Duration.ofHours(1));
    }

    /** The distinct UTC hours of a timestamp column that is never null. */
    private static List<Instant> hoursOf(Dataset<Row> rows, String column) {
        return rows.select(date_trunc("hour", col(column))).distinct().as(Encoders.TIMESTAMP()).collectAsList().stream()
                .map(java.sql.Timestamp::toInstant).sorted().toList();
    }

    /** Whether two schemas have the same columns, in the same order, of the same types (nullability aside). */
    private static boolean sameColumns(StructType a, StructType b) {
        java.util.function.Function<StructType, List<String>> columns = t -> java.util.Arrays.stream(t.fields())
                .map(f -> f.name() + " " + f.dataType().sql()).toList();
        return columns.apply(a).equals(columns.apply(b));
    }

    /** The bronze rows a stream's new files wrote, as the manifest records them. */
    private static long bronzeRows(List<Row> files, String stream) {
        return files.stream().filter(f -> f.getString(1).equals(stream)).mapToLong(f -> f.getLong(3)).sum();
    }

    /** The rows of a bronze stream that came from the given new files, or null when there are none. */
    private static Dataset<Row> newRows(SparkSession spark, Lake lake, String stream, Map<String, List<String>> byStream,
                                        Map<String, TreeSet<java.time.Instant>> hours) {
        List<String> files = byStream.get(stream);
        if (files == null) {
            return null;
        }
        TreeSet<java.time.Instant> h = hours.get(stream);
        List<String> dates = h.stream().map(i -> i.toString().substring(0, 10)).distinct().toList();
        // the partition (arrival date), then the arrival hours (Delta skips other runs' files by their
        // min/max statistics), then exactly the new files
        Dataset<Row> table = spark.read().format("delta").load(lake.path("bronze", stream));
        if (java.util.Arrays.asList(table.columns()).contains(AgentReports.IDLE)) {
            // the idle agent reports: nothing in silver needs them (the manifest counts them)
            table = table.where(org.apache.spark.sql.functions.not(col(AgentReports.IDLE))).drop(AgentReports.IDLE);
        }
        return table
                .where(Sql.inList("_arrival_date", dates))
                .where(col("_arrival_hour").geq(java.sql.Timestamp.from(h.first()))
                        .and(col("_arrival_hour").leq(java.sql.Timestamp.from(h.last()))))
                .where(Sql.inList("_source_file", files));
    }
}
