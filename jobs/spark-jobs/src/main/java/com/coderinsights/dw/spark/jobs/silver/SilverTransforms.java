package com.coderinsights.dw.spark.jobs.silver;

import static org.apache.spark.sql.functions.call_udf;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.map_filter;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import com.coderinsights.dw.core.contract.FieldSpec;
import com.coderinsights.dw.core.contract.StreamSpec;
import com.coderinsights.dw.core.usage.SessionFamilies;
import com.coderinsights.dw.spark.jobs.AgentReports;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/** The pure transformations of the silver layer: no IO, no clock. */
final class SilverTransforms {

    /** The order in which copies arrived: the first ingested copy sorts first. */
    static final Column[] INGEST_ORDER = {col("_ingested_at"), col("_arrival_hour"), col("_source_file"), col("_line")};

    private SilverTransforms() {
    }

    /** A dimension stream's bronze rows as silver keeps them: Coder's columns and the lineage that orders versions. */
    static Dataset<Row> dimensionRows(Dataset<Row> bronze, StreamSpec spec) {
        return bronze.select(dimensionColumns(spec));
    }

    private static Column[] dimensionColumns(StreamSpec spec) {
        List<Column> out = new ArrayList<>();
        for (FieldSpec f : spec.fields()) {
            out.add(col(f.name()));
        }
        out.add(col("_arrival_hour"));
        out.add(col("_source_file"));
        out.add(col("_ingested_at"));
        out.add(col("_line"));
        return out.toArray(Column[]::new);
    }

    /**
     * What orders the versions of one natural key, newest largest: the version field (a missing one the
     * smallest), then the latest arrival.
     */
    private static List<String> versionOrder(StreamSpec spec) {
        List<String> order = new ArrayList<>();
        if (spec.versionField() != null) {
            order.add(spec.versionField());
        }
        order.addAll(List.of("_ingested_at", "_arrival_hour", "_source_file", "_line"));
        return order;
    }

    /** The latest version per natural key of a dimension stream: the largest version field, then the latest arrival. */
    static Dataset<Row> latestVersion(Dataset<Row> bronze, StreamSpec spec) {
        Column[] order = versionOrder(spec).stream().map(c -> col(c).desc_nulls_last()).toArray(Column[]::new);
        Column[] keys = spec.naturalKey().stream().map(k -> col(k)).toArray(Column[]::new);
        return bronze.withColumn("_rn", row_number().over(Window.partitionBy(keys).orderBy(order)))
                .where("_rn = 1").select(dimensionColumns(spec));
    }

    /** A merge condition: target row t and source row s have the same natural key (a null key part matching a null). */
    static String sameKey(StreamSpec spec) {
        return String.join(" and ", spec.naturalKey().stream().map(k -> "t." + k + " <=> s." + k).toList());
    }

    /**
     * Whether the table holds any of the natural keys of {@code arrived} (a null key part matching a null, as in
     * {@link #sameKey}): one Spark job over the table's key columns, the arrived keys broadcast.
     */
    static boolean anyKeyHeld(Dataset<Row> table, Dataset<Row> arrived, StreamSpec spec) {
        Column[] keys = spec.naturalKey().stream().map(k -> col(k)).toArray(Column[]::new);
        Column same = spec.naturalKey().stream().map(k -> col("t." + k).eqNullSafe(col("s." + k))).reduce(Column::and).orElseThrow();
        return !table.select(keys).as("t").join(org.apache.spark.sql.functions.broadcast(arrived.select(keys)).as("s"), same, "left_semi")
                .isEmpty();
    }

    /**
     * A merge condition: source row s is a newer version than target row t, in the order of {@link #latestVersion}
     * (structs compare field by field, a null smallest), so merging the latest versions of new rows leaves what
     * taking the latest version of everything would.
     */
    static String newerVersion(StreamSpec spec) {
        List<String> order = versionOrder(spec);
        return "struct(" + String.join(", ", order.stream().map(c -> "s." + c).toList()) + ") > struct("
                + String.join(", ", order.stream().map(c -> "t." + c).toList()) + ")";
    }

    /** Keeps the first ingested copy of each key. */
    static Dataset<Row> dedupFirstIngested(Dataset<Row> rows, String... keys) {
        Column[] k = java.util.Arrays.stream(keys).map(x -> col(x)).toArray(Column[]::new);
        return rows.withColumn("_rn", row_number().over(Window.partitionBy(k).orderBy(INGEST_ORDER))).where("_rn = 1").drop("_rn");
    }

    /** A reason when the event is later than its file's arrival hour allows, else null. */
    static Column futureReason(Column eventTime, int skewMinutes) {
        Column limit = col("_arrival_hour").plus(expr("make_dt_interval(0, 1, " + skewMinutes + ", 0)"));
        return when(eventTime.gt(limit), lit("event time later than the end of its file's arrival hour + "
                + skewMinutes + " min"));
    }

    /**
     * The per-app session counts of a bronze agent report, both generations as one map: from the 2026
     * {@code session_counts} map when present (names normalised by dw-core), else from the four 2025
     * columns (already normalised names); zero counts dropped. A report {@link AgentReports#maybeActive()}
     * rules out gets an empty map without any JSON parsing.
     */
    static Column sessionCounts() {
        List<Column> stable = new ArrayList<>();
        SessionFamilies.STABLE_COLUMNS.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e -> {
            stable.add(lit(e.getValue()));
            stable.add(coalesce(col(e.getKey()), lit(0L)));
        });
        Column fromColumns = map_filter(map(stable.toArray(Column[]::new)), (k, v) -> v.gt(0));
        Column fromMap = from_json(col("session_counts"), DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType));
        return when(org.apache.spark.sql.functions.not(AgentReports.maybeActive()), expr("cast(map() as map<string, bigint>)"))
                .when(col("session_counts").isNotNull(), call_udf(BuildSilverJob.NORMALIZE_COUNTS, fromMap))
                .otherwise(fromColumns);
    }

    /**
     * Agent stats of both generations as one shape: {@code session_counts} is the per-app map (see
     * {@link #sessionCounts()}), {@code has_session} whether it is not empty. A report some number
     * depends on has a session (SEMANTICS.md §12 rules 1, 3 and 4 read only those) or a latency
     * sample above 0 (rule 9); the others are idle heartbeats. A {@code _quarantine_reason} column of
     * the input is kept.
     */
    static Dataset<Row> normalizeAgentStats(Dataset<Row> bronze) {
        List<Column> out = new ArrayList<>(List.of(
                col("id"), col("created_at"), col("user_id"), col("agent_id"), col("workspace_id"), col("template_id"),
                coalesce(col("connection_count"), lit(0L)).as("connection_count"),
                coalesce(col("connection_median_latency_ms"), lit(-1.0)).as("connection_median_latency_ms"),
                sessionCounts().as("session_counts"),
                when(col("session_counts").isNotNull(), lit(2026)).otherwise(lit(2025)).as("generation"),
                coalesce(col("rx_bytes"), lit(0L)).as("rx_bytes"), coalesce(col("tx_bytes"), lit(0L)).as("tx_bytes"),
                coalesce(col("usage"), lit(false)).as("usage"),
                to_date(col("created_at")).as("event_date"),
                col("_source_file"), col("_line"), col("_arrival_hour"), col("_ingested_at")));
        if (java.util.Arrays.asList(bronze.columns()).contains("_quarantine_reason")) {
            out.add(col("_quarantine_reason"));
        }
        return bronze.select(out.toArray(Column[]::new)).withColumn("has_session", size(col("session_counts")).gt(0));
    }

    /** Of a normalised agent report: true when some number depends on it (a session, or latency above 0). */
    static Column activeReport() {
        return col("has_session").or(col("connection_median_latency_ms").gt(0));
    }

    /** App stats with Coder's app name: the slug or port, or {@code [terminal]} for the web terminal. */
    static Dataset<Row> normalizeAppStats(Dataset<Row> bronze, int skewMinutes) {
        return bronze.select(
                col("id"), col("user_id"), col("workspace_id"), col("agent_id"), col("access_method"), col("slug_or_port"),
                when(col("access_method").equalTo("terminal"), lit("[terminal]")).otherwise(col("slug_or_port")).as("app_name"),
                col("session_id"), col("session_started_at"), col("session_ended_at"), col("requests"),
                col("_source_file"), col("_line"), col("_arrival_hour"), col("_ingested_at"),
                futureReason(col("session_ended_at"), skewMinutes).as("_quarantine_reason"));
    }

    /** Per (user_id, agent_id, session_id): the largest session_ended_at, then requests, then the first ingested. */
    static Dataset<Row> latestAppSessions(Dataset<Row> apps) {
        return apps.withColumn("_rn", row_number().over(Window.partitionBy("user_id", "agent_id", "session_id")
                        .orderBy(col("session_ended_at").desc(), col("requests").desc(), col("_ingested_at"), col("_arrival_hour"),
                                col("_source_file"), col("_line"))))
                .where("_rn = 1").drop("_rn");
    }

    /** Per (connection_id, workspace_id, agent_name) (id for web events without one): the disconnected copy if any. */
    static Dataset<Row> latestConnections(Dataset<Row> conns) {
        Column key = when(col("connection_id").isNotNull(),
                org.apache.spark.sql.functions.concat_ws("/", col("connection_id"), col("workspace_id"), col("agent_name")))
                .otherwise(org.apache.spark.sql.functions.concat(lit("id/"), col("id")));
        return conns.withColumn("connection_key", key)
                .withColumn("_rn", row_number().over(Window.partitionBy("connection_key")
                        .orderBy(col("disconnect_time").desc_nulls_last(), col("_ingested_at"), col("_arrival_hour"),
                                col("_source_file"), col("_line"))))
                .where("_rn = 1").drop("_rn", "_extra", "_run_id", "_arrival_date");
    }

    /** Quarantined rows of a normalised fact stream, as silver.quarantine rows. */
    static Dataset<Row> quarantined(Dataset<Row> normalized, String stream, String timeColumn) {
        List<Column> data = new ArrayList<>();
        for (String c : normalized.columns()) {
            if (!c.startsWith("_")) {
                data.add(col(c));
            }
        }
        return normalized.where("_quarantine_reason is not null").select(
                lit(stream).as("stream"), col("_source_file"), col("_line"), col("_quarantine_reason").as("reason"),
                col(timeColumn).as("event_time"), to_json(struct(data.toArray(Column[]::new))).as("record"), col("_ingested_at"));
    }
}
