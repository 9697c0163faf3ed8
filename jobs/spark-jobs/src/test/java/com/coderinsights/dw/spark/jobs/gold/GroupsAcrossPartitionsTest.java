package com.coderinsights.dw.spark.jobs.gold;

import static org.assertj.core.api.Assertions.assertThat;

import com.coderinsights.dw.spark.common.SessionSettings;
import com.coderinsights.dw.spark.jobs.testing.SparkTestBase;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The one-pass computations over minute facts (gold's buckets, the v1 activity counts) when a group's facts arrive in
 * several partitions (the rules themselves: TemplateUsageStatsRulesTest, through the pipeline with one partition).
 */
class GroupsAcrossPartitionsTest extends SparkTestBase {

    private static final StructType FACTS = new StructType()
            .add("bucket_start", DataTypes.TimestampType).add("minute", DataTypes.TimestampType)
            .add("template_id", DataTypes.StringType).add("user_id", DataTypes.StringType)
            .add("source", DataTypes.StringType).add("app_name", DataTypes.StringType).add("family", DataTypes.StringType)
            .add("max_connection_count", DataTypes.LongType)
            .add("latency_samples", DataTypes.createArrayType(DataTypes.DoubleType));

    private static Row fact(String bucket, int minute, String user, String source, String app, String family, Long connections,
                            List<Double> samples) {
        Timestamp b = Timestamp.valueOf("2026-11-02 " + bucket + ":00");
        return RowFactory.create(b, new Timestamp(b.getTime() + minute * 60_000L), "tmpl", user, source, app, family, connections,
                samples == null ? null : scala.jdk.javaapi.CollectionConverters.asScala(samples).toSeq());
    }

    /**
     * The work with three shuffle partitions (a group's rows must first meet in one) and with one (every group in it,
     * their rows interleaved as they come from the three input partitions, so they must be sorted): the same rows.
     */
    private static void assertInThreePartitionsAndInOne(java.util.function.Supplier<List<String>> work, String... expected) {
        for (String partitions : List.of("3", "1")) {
            assertThat(SessionSettings.with(spark(), Map.of("spark.sql.shuffle.partitions", partitions), work))
                    .as(partitions + " shuffle partitions").containsExactly(expected);
        }
    }

    /**
     * The rows in a fixed random order (the groups' rows interleaved), over as many input partitions as the session's
     * default parallelism (a group's rows in several of them).
     */
    private static Dataset<Row> shuffled(List<Row> rows, StructType schema) {
        List<Row> mixed = new ArrayList<>(rows);
        java.util.Collections.shuffle(mixed, new java.util.Random(7));
        return spark().createDataFrame(mixed, schema);
    }

    /** Facts without latency samples for the minutes {@code from} (inclusive) to {@code to} of a bucket. */
    private static void minutes(List<Row> rows, String bucket, int from, int to, String user, String source, String app, String family,
                                Long connections) {
        for (int m = from; m < to; m++) {
            rows.add(fact(bucket, m, user, source, app, family, connections, null));
        }
    }

    @Test
    void shouldGroupEachBucketTemplateAndUserWhicheverPartitionsItsFactsArriveIn() {
        List<Row> rows = new ArrayList<>();
        // user a, 09:00: ssh in minutes 0-5 with a connection, an app in minutes 4-7, latency 10 (minute 0) and 30 (minute 9,
        // not active); user b, 09:00: the same app in minutes 0-1; user a, 09:30: one vscode minute, never connected
        minutes(rows, "09:00", 0, 6, "a", UsageTransforms.AGENT, "ssh", "ssh", 1L);
        minutes(rows, "09:00", 4, 8, "a", UsageTransforms.APP, "code-server", null, null);
        rows.add(fact("09:00", 0, "a", UsageTransforms.LATENCY, null, null, null, List.of(10.0)));
        rows.add(fact("09:00", 9, "a", UsageTransforms.LATENCY, null, null, null, List.of(30.0)));
        rows.add(fact("09:00", 0, "b", UsageTransforms.APP, "code-server", null, null, null));
        rows.add(fact("09:00", 1, "b", UsageTransforms.APP, "code-server", null, null, null));
        rows.add(fact("09:30", 31, "a", UsageTransforms.AGENT, "vscode", "vscode", 0L, null));
        Dataset<Row> facts = shuffled(rows, FACTS);

        assertInThreePartitionsAndInOne(() -> UsageTransforms.templateUsageStats(facts).orderBy("start_time", "user_id").collectAsList().stream()
                        .map(r -> r.getTimestamp(0) + " " + r.getString(3) + " lat=" + r.get(4) + " usage=" + r.get(5) + " ssh=" + r.get(6)
                                + " vscode=" + r.get(9) + " apps=" + r.getMap(11) + " " + r.getDate(12))
                        .toList(),
                "2026-11-02 09:00:00.0 a lat=10.0 usage=8 ssh=6 vscode=0 apps=Map(code-server -> 4) 2026-11-02",
                "2026-11-02 09:00:00.0 b lat=null usage=2 ssh=0 vscode=0 apps=Map(code-server -> 2) 2026-11-02");
    }

    @Test
    void shouldCountEachHourAndUsersV1ActivityWhicheverPartitionsItsFactsArriveIn() {
        List<Row> rows = new ArrayList<>();
        // user a, 09:00-09:29: ssh in minutes 0-3 with a connection, code-server in minutes 2-5; 09:30-09:59: pty in minute 31,
        // never connected. User b: [terminal] in minute 40
        minutes(rows, "09:00", 0, 4, "a", UsageTransforms.AGENT, "ssh", "ssh", 1L);
        minutes(rows, "09:00", 2, 6, "a", UsageTransforms.APP, "code-server", null, null);
        rows.add(fact("09:30", 1, "a", UsageTransforms.AGENT, "reconnecting_pty", "reconnecting_pty", 0L, null));
        rows.add(fact("09:30", 10, "b", UsageTransforms.APP, "[terminal]", null, null, null));
        rows.add(fact("09:00", 0, "a", UsageTransforms.LATENCY, null, null, null, List.of(10.0)));
        Dataset<Row> facts = shuffled(rows, FACTS);

        assertInThreePartitionsAndInOne(() -> BuildReportTablesJob.minuteCounts(facts, Map.of("tmpl", "org1"), List.of("code-server"))
                        .collectAsList().stream()
                        .map(r -> r.getTimestamp(0).toString().substring(11, 13) + " " + r.getString(1) + " " + r.getString(2) + " " + r.getString(3)
                                + "=" + r.getLong(4))
                        .sorted().toList(),
                "09 a null any=6", "09 a null ide=4", "09 a null tunnel=4", "09 a org1 any=6", "09 a org1 ide=4", "09 a org1 tunnel=4",
                "09 b null any=1", "09 b null web_terminal=1", "09 b org1 any=1", "09 b org1 web_terminal=1");
    }

    @Test
    void shouldBuildEachMinutesAgentAndLatencyFactsOnceWhicheverPartitionsItsReportsArriveIn() {
        StructType reports = new StructType().add("created_at", DataTypes.TimestampType).add("template_id", DataTypes.StringType)
                .add("user_id", DataTypes.StringType).add("workspace_id", DataTypes.StringType).add("agent_id", DataTypes.StringType)
                .add("connection_count", DataTypes.LongType).add("connection_median_latency_ms", DataTypes.DoubleType)
                .add("session_counts", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
                .add("has_session", DataTypes.BooleanType);
        StructType sessions = new StructType().add("user_id", DataTypes.StringType).add("workspace_id", DataTypes.StringType)
                .add("agent_id", DataTypes.StringType).add("template_id", DataTypes.StringType).add("app_name", DataTypes.StringType)
                .add("access_method", DataTypes.StringType).add("session_started_at", DataTypes.TimestampType)
                .add("session_ended_at", DataTypes.TimestampType);
        // user a's reports and user b's alternate, so a's come apart wherever they are cut into partitions
        List<Row> rows = List.of(
                report("a", "09:00:10", 1, 20, Map.of("vscode", 1L, "ssh", 2L)),
                report("b", "09:00:20", 1, 40, Map.of("jetbrains", 1L)),
                report("a", "09:00:40", 0, 30, Map.of("vscode", 1L)),
                report("b", "09:00:30", 0, 50, Map.of("jetbrains", 1L)),
                report("a", "09:00:50", 0, -1, Map.of("ssh", 1L)),
                report("a", "09:01:10", 2, -1, Map.of()),
                report("a", "09:01:20", 0, 15, Map.of()));
        Dataset<Row> agentStats = spark().createDataFrame(rows, reports);

        assertInThreePartitionsAndInOne(() -> UsageTransforms.activityMinutes(agentStats, spark().createDataFrame(List.of(), sessions),
                                org.apache.spark.sql.functions.lit(true))
                        .collectAsList().stream()
                        .map(r -> r.getTimestamp(1).toString().substring(11, 16) + " " + r.getString(3) + " " + r.getString(6) + " " + r.getString(7)
                                + " " + r.getString(8) + " conn=" + r.get(10) + " lat=" + r.get(11))
                        .sorted().toList(),
                "09:00 a agent ssh ssh conn=1 lat=null",
                "09:00 a agent vscode vscode conn=1 lat=null",
                "09:00 a latency null null conn=null lat=ArraySeq(20.0, 30.0)",
                "09:00 b agent jetbrains jetbrains conn=1 lat=null",
                "09:00 b latency null null conn=null lat=ArraySeq(40.0, 50.0)",
                "09:01 a latency null null conn=null lat=ArraySeq(15.0)");
    }

    private static Row report(String user, String hms, long connections, double latency, Map<String, Long> counts) {
        return RowFactory.create(Timestamp.valueOf("2026-11-02 " + hms), "tmpl", user, "ws-" + user, "agent-" + user, connections, latency,
                scala.jdk.javaapi.CollectionConverters.asScala(counts), !counts.isEmpty());
    }
}
