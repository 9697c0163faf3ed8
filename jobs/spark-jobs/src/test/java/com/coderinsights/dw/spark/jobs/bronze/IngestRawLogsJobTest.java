package com.coderinsights.dw.spark.jobs.bronze;

import static com.coderinsights.dw.spark.jobs.testing.Landings.agentStat;
import static com.coderinsights.dw.spark.jobs.testing.Landings.appStat;
import static com.coderinsights.dw.spark.jobs.testing.Landings.uuid;
import static com.coderinsights.dw.spark.jobs.testing.Landings.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.col;

import com.coderinsights.dw.core.io.FileTrees;
import com.coderinsights.dw.spark.common.JobContext;
import com.coderinsights.dw.spark.common.JobResult;
import com.coderinsights.dw.spark.common.RunWindow;
import com.coderinsights.dw.spark.jobs.testing.Landings;
import com.coderinsights.dw.spark.jobs.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestRawLogsJobTest extends SparkTestBase {

    private static final Instant T0 = Instant.parse("2026-11-03T12:00:00Z");

    @TempDir
    Path tmp;

    private JobResult ingest(Path landing, Path lake, RunWindow window, String runId) {
        JobContext ctx = context(landing, lake, runId, T0);
        return new IngestRawLogsJob().run(spark(), window, ctx);
    }

    private Dataset<Row> table(Path lake, String name) {
        return spark().read().format("delta").load(lake.resolve("bronze").resolve(name).toString());
    }

    private Path landing() {
        return tmp.resolve("landing");
    }

    private Path lake() {
        return tmp.resolve("lake");
    }

    @Test
    void shouldWriteGoodLinesAndQuarantineBadOnesWithTheirReasons() {
        String good1 = agentStat(uuid(1), "2026-11-02T09:00:10.5+00:00", 1, 21.5);
        String good2 = "{\"shipper\":\"vector\"," + agentStat(uuid(2), "2026-11-02T09:00:40Z", 0, -1).substring(1);
        write(landing(), "workspace_agent_stats", "2026-11-02", 9, "a.ndjson", List.of(
                good1,
                agentStat(uuid(3), "2026-11-02T09:01:10Z", 1, 20).substring(0, 80),
                good2,
                agentStat(uuid(4), "2026-11-02T09:01:40Z", 1, 20).replace("\"connection_count\":1", "\"connection_count\":\"1\""),
                ""));

        JobResult r = ingest(landing(), lake(), RunWindow.all(), "run-1");

        assertThat(r.count("lines_read")).isEqualTo(5);
        assertThat(r.count("rows_written")).isEqualTo(2);
        assertThat(r.count("rows_rejected")).isEqualTo(3);
        List<Row> rows = table(lake(), "workspace_agent_stats").orderBy("_line")
                .select("id", "created_at", "connection_count", "connection_median_latency_ms", "connections_by_proto",
                        "session_count_vscode", "_extra", "_source_file", "_line", "_arrival_hour", "_arrival_date", "_ingested_at",
                        "_run_id")
                .collectAsList();
        assertThat(rows).hasSize(2);
        Row first = rows.get(0);
        assertThat(first.getString(0)).isEqualTo(uuid(1));
        assertThat(first.getTimestamp(1).toInstant()).isEqualTo(Instant.parse("2026-11-02T09:00:10.5Z"));
        assertThat(first.getLong(2)).isEqualTo(1L);
        assertThat(first.getDouble(3)).isEqualTo(21.5);
        assertThat(first.getString(4)).isEqualTo("{\"tcp\":1}");
        assertThat(first.getLong(5)).isEqualTo(1L);
        assertThat(first.isNullAt(6)).isTrue();
        assertThat(first.getString(7)).isEqualTo("workspace_agent_stats/dt=2026-11-02/hour=09/a.ndjson");
        assertThat(first.getLong(8)).isEqualTo(1L);
        assertThat(first.getTimestamp(9).toInstant()).isEqualTo(Instant.parse("2026-11-02T09:00:00Z"));
        assertThat(first.getDate(10).toString()).isEqualTo("2026-11-02");
        assertThat(first.getTimestamp(11).toInstant()).isEqualTo(T0);
        assertThat(first.getString(12)).isEqualTo("run-1");
        Row second = rows.get(1);
        assertThat(second.getLong(8)).isEqualTo(3L);
        assertThat(second.getString(6)).isEqualTo("{\"shipper\":\"vector\"}");

        List<Row> rejected = table(lake(), "rejected").orderBy("_line")
                .select("stream", "_source_file", "_line", "reason_code", "reason", "raw_text").collectAsList();
        assertThat(rejected).extracting(x -> x.getLong(2)).containsExactly(2L, 4L, 5L);
        assertThat(rejected).extracting(x -> x.getString(3)).containsExactly("invalid_json", "wrong_type", "blank_line");
        assertThat(rejected.get(1).getString(4)).isEqualTo("wrong type: field connection_count expects bigint, got a string");
        assertThat(rejected.get(0).getString(5)).isEqualTo(agentStat(uuid(3), "2026-11-02T09:01:10Z", 1, 20).substring(0, 80));
        assertThat(rejected.get(0).getString(0)).isEqualTo("workspace_agent_stats");

        Row manifest = table(lake(), IngestRawLogsJob.MANIFEST_TABLE)
                .select("source_file", "status", "lines", "rows_written", "rows_rejected", "format").head();
        assertThat(manifest.getString(1)).isEqualTo("ingested");
        assertThat(manifest.getLong(2)).isEqualTo(5L);
        assertThat(manifest.getLong(3)).isEqualTo(2L);
        assertThat(manifest.getLong(4)).isEqualTo(3L);
        assertThat(manifest.getString(5)).isEqualTo("ndjson");
    }

    @Test
    void shouldStoreEveryValueTypeExactlyIncludingCodersZeroTimestamp() {
        // Coder's users.last_seen_at defaults to 0001-01-01 00:00:00 (timestamp without time zone) for a user
        // never seen: bronze keeps that instant, not a day shifted by the Julian calendar of java.sql.Timestamp
        write(landing(), "users", "2026-11-02", 9, "u.ndjson", List.of(
                "{\"id\":\"" + uuid(7).toUpperCase() + "\",\"email\":\"zoë@example.com\",\"username\":\"zoe\",\"name\":\"Zoë 李 😀\","
                        + "\"created_at\":\"2026-11-01T08:15:30.123456+01:00\",\"updated_at\":\"2026-11-02T09:00:00Z\","
                        + "\"status\":\"active\",\"rbac_roles\":[\"owner\",\"member\"],\"deleted\":false,"
                        + "\"last_seen_at\":\"0001-01-01T00:00:00\",\"is_system\":true,\"theme\":{\"dark\":true}}",
                "{\"id\":\"" + uuid(8) + "\",\"email\":\"b@example.com\",\"username\":\"b\",\"created_at\":\"2026-11-01T00:00:00Z\","
                        + "\"updated_at\":\"2026-11-01T00:00:00Z\",\"status\":\"dormant\",\"rbac_roles\":[]}"));
        write(landing(), "workspace_app_stats", "2026-11-02", 9, "a.ndjson", List.of(
                appStat(1, uuid(11), "2026-11-02T09:00:00Z", "2026-11-02T09:00:30Z", 7)));

        ingest(landing(), lake(), RunWindow.all(), "run-1");

        List<Row> users = table(lake(), "users").orderBy("id")
                .selectExpr("id", "name", "unix_micros(created_at)", "rbac_roles", "deleted", "unix_micros(last_seen_at)", "is_system",
                        "_extra", "unix_micros(_arrival_hour)", "cast(_arrival_date as string)", "unix_micros(_ingested_at)", "_run_id",
                        "typeof(rbac_roles)")
                .collectAsList();
        assertThat(users).hasSize(2);
        Row u = users.get(0);
        assertThat(u.getString(0)).isEqualTo(uuid(7));
        assertThat(u.getString(1)).isEqualTo("Zoë 李 😀");
        assertThat(u.getLong(2)).isEqualTo(Instant.parse("2026-11-01T07:15:30Z").getEpochSecond() * 1_000_000L + 123_456L);
        assertThat(u.getList(3)).containsExactly("owner", "member");
        assertThat(u.getBoolean(4)).isFalse();
        assertThat(u.getLong(5)).isEqualTo(-62_135_596_800_000_000L);
        assertThat(u.getBoolean(6)).isTrue();
        assertThat(u.getString(7)).isEqualTo("{\"theme\":{\"dark\":true}}");
        assertThat(u.getLong(8)).isEqualTo(Instant.parse("2026-11-02T09:00:00Z").getEpochSecond() * 1_000_000L);
        assertThat(u.getString(9)).isEqualTo("2026-11-02");
        assertThat(u.getLong(10)).isEqualTo(T0.getEpochSecond() * 1_000_000L);
        assertThat(u.getString(11)).isEqualTo("run-1");
        assertThat(u.getString(12)).isEqualTo("array<string>");
        Row b = users.get(1);
        assertThat(b.isNullAt(1)).isTrue();
        assertThat(b.getList(3)).isEmpty();
        assertThat(b.isNullAt(4)).isTrue();
        assertThat(b.isNullAt(5)).isTrue();
        assertThat(b.isNullAt(7)).isTrue();

        Row app = table(lake(), "workspace_app_stats").selectExpr("id", "requests", "typeof(id)", "typeof(requests)").head();
        assertThat(app.getLong(0)).isEqualTo(1L);
        assertThat(app.getInt(1)).isEqualTo(7);
        assertThat(app.getString(2)).isEqualTo("bigint");
        assertThat(app.getString(3)).isEqualTo("int");
    }

    @Test
    void shouldKeepEveryRejectedLineOfAFileWithMoreThanTheTasksKeep() {
        int bad = IngestTally.REJECTS_KEPT_PER_FILE + 7;
        List<String> lines = new ArrayList<>();
        lines.add(agentStat(uuid(1), "2026-11-03T09:00:00Z", 1, 5.0));
        for (int i = 0; i < bad; i++) {
            lines.add("{\"id\": " + i);
        }
        lines.add(agentStat(uuid(2), "2026-11-03T09:00:30Z", 1, 5.0));
        write(landing(), "workspace_agent_stats", "2026-11-03", 9, "garbage.ndjson", lines);
        write(landing(), "workspace_agent_stats", "2026-11-03", 9, "fine.ndjson", List.of(
                agentStat(uuid(3), "2026-11-03T09:01:00Z", 1, 5.0), "not json"));

        JobResult r = ingest(landing(), lake(), RunWindow.parse("2026-11-03T09", "2026-11-03T09"), "run-1");

        assertThat(r.count("rows_written")).isEqualTo(3);
        assertThat(r.count("rows_rejected")).isEqualTo(bad + 1);
        Dataset<Row> rejected = table(lake(), "rejected");
        assertThat(rejected.count()).isEqualTo(bad + 1);
        assertThat(rejected.select("_source_file", "_line").distinct().count()).isEqualTo(bad + 1);
        Row range = rejected.where(col("_source_file").endsWith("garbage.ndjson")).agg(
                org.apache.spark.sql.functions.min("_line"), org.apache.spark.sql.functions.max("_line")).head();
        assertThat(range.getLong(0)).isEqualTo(2L);
        assertThat(range.getLong(1)).isEqualTo(bad + 1L);
        assertThat(rejected.where(col("_source_file").endsWith("fine.ndjson")).select("_line").head().getLong(0)).isEqualTo(2L);
    }

    @Test
    void shouldReadGzipAndPlainFilesAlike() {
        write(landing(), "workspace_app_stats", "2026-11-02", 10, "apps.ndjson.gz", List.of(
                appStat(1, uuid(11), "2026-11-02T09:59:00Z", "2026-11-02T10:00:00Z", 3),
                appStat(1, uuid(11), "2026-11-02T09:59:00Z", "2026-11-02T10:00:30Z", 5),
                appStat(2, uuid(12), "2026-11-02T10:00:00Z", "2026-11-02T10:01:00Z", 1)));
        write(landing(), "workspace_app_stats", "2026-11-02", 10, "more.ndjson", List.of(
                appStat(3, uuid(13), "2026-11-02T10:00:05Z", "2026-11-02T10:00:35Z", 2)));

        JobResult r = ingest(landing(), lake(), RunWindow.all(), "run-1");

        assertThat(r.count("rows_written.workspace_app_stats")).isEqualTo(4);
        List<Row> rows = table(lake(), "workspace_app_stats").orderBy("_source_file", "_line")
                .select("id", "requests", "session_ended_at", "_source_file").collectAsList();
        assertThat(rows).extracting(x -> x.getInt(1)).containsExactly(3, 5, 1, 2);
        assertThat(rows.get(1).getTimestamp(2).toInstant()).isEqualTo(Instant.parse("2026-11-02T10:00:30Z"));
        assertThat(rows.get(0).getString(3)).endsWith("apps.ndjson.gz");
    }

    @Test
    void shouldIngestAFileDeliveredTwiceOnce() {
        List<String> lines = List.of(agentStat(uuid(1), "2026-11-02T09:00:00Z", 1, 10), agentStat(uuid(2), "2026-11-02T09:00:30Z", 1, 10));
        write(landing(), "workspace_agent_stats", "2026-11-02", 9, "part-0.ndjson", lines);
        write(landing(), "workspace_agent_stats", "2026-11-02", 11, "part-0.ndjson", lines);

        JobResult first = ingest(landing(), lake(), RunWindow.all(), "run-1");
        // the same file once more, arriving after that run
        write(landing(), "workspace_agent_stats", "2026-11-02", 14, "part-0-resent.ndjson", lines);
        JobResult second = ingest(landing(), lake(), RunWindow.all(), "run-2");

        assertThat(first.count("files_redelivered_skipped")).isEqualTo(1);
        assertThat(second.count("files_redelivered_skipped")).isEqualTo(1);
        assertThat(table(lake(), "workspace_agent_stats").count()).isEqualTo(2);
        List<Row> manifest = table(lake(), IngestRawLogsJob.MANIFEST_TABLE).orderBy("arrival_hour")
                .select("source_file", "status", "duplicate_of", "rows_written").collectAsList();
        assertThat(manifest).extracting(x -> x.getString(1)).containsExactly("ingested", "duplicate", "duplicate");
        assertThat(manifest.get(1).getString(2)).isEqualTo("workspace_agent_stats/dt=2026-11-02/hour=09/part-0.ndjson");
        assertThat(manifest.get(2).getString(2)).isEqualTo("workspace_agent_stats/dt=2026-11-02/hour=09/part-0.ndjson");
        assertThat(manifest.get(1).getLong(3)).isZero();
    }

    @Test
    void shouldChangeNothingWhenTheSameWindowRunsAgain() throws IOException {
        fillTwoHours();
        ingest(landing(), lake(), RunWindow.all(), "run-1");
        Map<String, List<String>> before = snapshot(lake());
        Map<String, Long> versions = deltaVersions(lake());

        JobResult again = ingest(landing(), lake(), RunWindow.all(), "run-2");

        assertThat(again.count("files_ingested")).isZero();
        assertThat(again.count("files_already_ingested")).isEqualTo(3);
        assertThat(snapshot(lake())).isEqualTo(before);
        assertThat(deltaVersions(lake())).isEqualTo(versions);
    }

    @Test
    void shouldIngestOnlyTheArrivalHoursOfItsWindow() {
        fillTwoHours();

        JobResult nine = ingest(landing(), lake(), RunWindow.parse("2026-11-02T09", "2026-11-02T09"), "run-9");
        long afterNine = table(lake(), "workspace_agent_stats").count();
        JobResult rest = ingest(landing(), lake(), RunWindow.parse("2026-11-02T10", null), "run-10");

        assertThat(nine.count("files_in_window")).isEqualTo(2);
        assertThat(afterNine).isEqualTo(2);
        assertThat(rest.count("files_ingested")).isEqualTo(1);
        assertThat(table(lake(), "workspace_agent_stats").groupBy("_run_id").count().orderBy("_run_id").collectAsList())
                .extracting(x -> x.getString(0) + "=" + x.getLong(1)).containsExactly("run-10=1", "run-9=2");
    }

    @Test
    void shouldRepairARunThatDiedBeforeWritingItsManifest() throws IOException {
        fillTwoHours();
        ingest(landing(), lake(), RunWindow.all(), "run-1");
        Map<String, List<String>> complete = snapshot(lake());
        // the run died after writing bronze and rejected, before its manifest commit
        FileTrees.delete(lake().resolve("bronze").resolve(IngestRawLogsJob.MANIFEST_TABLE));

        JobResult retry = ingest(landing(), lake(), RunWindow.all(), "run-1");

        assertThat(retry.count("files_ingested")).isEqualTo(3);
        assertThat(snapshot(lake())).isEqualTo(complete);
    }

    @Test
    void shouldAcceptParquetFilesCheckingEachRowLikeALine() throws IOException {
        StructType schema = new StructType().add("id", DataTypes.StringType).add("created_at", DataTypes.TimestampType)
                .add("user_id", DataTypes.StringType).add("agent_id", DataTypes.StringType)
                .add("workspace_id", DataTypes.StringType).add("template_id", DataTypes.StringType)
                .add("connections_by_proto", DataTypes.StringType).add("connection_count", DataTypes.LongType)
                .add("connection_median_latency_ms", DataTypes.DoubleType).add("session_counts", DataTypes.StringType)
                .add("exported_by", DataTypes.StringType);
        List<Row> data = List.of(
                RowFactory.create(uuid(1), Timestamp.from(Instant.parse("2026-11-02T09:00:00.123456Z")), Landings.USER,
                        Landings.AGENT, Landings.WORKSPACE, Landings.TEMPLATE, "{\"tcp\":1}", 1L, 12.5, "{\"cursor\":1}", "copy"),
                RowFactory.create(uuid(2), Timestamp.from(Instant.parse("2026-11-02T09:00:30Z")), null,
                        Landings.AGENT, Landings.WORKSPACE, Landings.TEMPLATE, "{}", 0L, -1.0, "{}", "copy"));
        Path dir = tmp.resolve("pq");
        spark().createDataFrame(data, schema).coalesce(1).write().parquet(dir.toString());
        Path part;
        try (Stream<Path> s = Files.list(dir)) {
            part = s.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        Path target = Landings.file(landing(), "workspace_agent_stats", "2026-11-02", 9, "export.parquet");
        Files.createDirectories(target.getParent());
        Files.copy(part, target);

        JobResult r = ingest(landing(), lake(), RunWindow.all(), "run-1");

        assertThat(r.count("rows_written")).isEqualTo(1);
        assertThat(r.count("rows_rejected")).isEqualTo(1);
        Row row = table(lake(), "workspace_agent_stats")
                .select("id", "created_at", "session_counts", "connections_by_proto", "_line", "_extra").head();
        assertThat(row.getString(0)).isEqualTo(uuid(1));
        assertThat(row.getTimestamp(1).toInstant()).isEqualTo(Instant.parse("2026-11-02T09:00:00.123456Z"));
        assertThat(row.getString(2)).isEqualTo("{\"cursor\":1}");
        assertThat(row.getString(3)).isEqualTo("{\"tcp\":1}");
        assertThat(row.getLong(4)).isEqualTo(1L);
        assertThat(row.getString(5)).isEqualTo("{\"exported_by\":\"copy\"}");
        Row rej = table(lake(), "rejected").select("_line", "reason_code", "reason").head();
        assertThat(rej.getLong(0)).isEqualTo(2L);
        assertThat(rej.getString(1)).isEqualTo("missing_required_field");
        assertThat(rej.getString(2)).isEqualTo("missing required field: user_id");
    }

    @Test
    void shouldRecordUnsupportedFilesAndReportPathsOutsideTheLayout() throws IOException {
        write(landing(), "workspace_agent_stats", "2026-11-02", 9, "a.ndjson", List.of(agentStat(uuid(1), "2026-11-02T09:00:00Z", 1, 10)));
        write(landing(), "workspace_agent_stats", "2026-11-02", 9, "notes.csv", List.of("a,b"));
        write(landing(), "coder_metrics", "2026-11-02", 9, "x.ndjson", List.of("{}"));
        Files.createDirectories(landing().resolve("users").resolve("2026-11-02"));

        JobResult r = ingest(landing(), lake(), RunWindow.all(), "run-1");

        assertThat(r.count("files_unsupported")).isEqualTo(1);
        assertThat(r.count("paths_outside_layout")).isEqualTo(2);
        assertThat(table(lake(), IngestRawLogsJob.MANIFEST_TABLE).where(col("status").equalTo("unsupported"))
                .select("source_file").head().getString(0)).endsWith("notes.csv");
    }

    @Test
    void shouldQuarantineTheUnreadableRestOfACorruptGzipFileAndGoOn() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lines.add(agentStat(uuid(1000 + i), "2026-11-02T09:00:00Z", 1, 10));
        }
        Path gz = write(landing(), "workspace_agent_stats", "2026-11-02", 9, "broken.ndjson.gz", lines);
        byte[] bytes = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        write(landing(), "workspace_agent_stats", "2026-11-02", 9, "fine.ndjson", List.of(agentStat(uuid(1), "2026-11-02T09:00:00Z", 1, 10)));

        JobResult r = ingest(landing(), lake(), RunWindow.all(), "run-1");

        assertThat(r.count("files_ingested")).isEqualTo(2);
        assertThat(r.count("rows_written") + r.count("rows_rejected")).isEqualTo(r.count("lines_read"));
        Row rej = table(lake(), "rejected").select("_source_file", "reason_code", "reason", "_line").head();
        assertThat(rej.getString(0)).endsWith("broken.ndjson.gz");
        assertThat(rej.getString(1)).isEqualTo("unreadable_file");
        assertThat(rej.getString(2)).contains("could not be read").contains("EOFException");
        assertThat(rej.getLong(3)).isEqualTo(r.count("lines_read") - 1);
        assertThat(table(lake(), "workspace_agent_stats").where(col("_source_file").endsWith("fine.ndjson")).count()).isEqualTo(1);
    }

    @Test
    void shouldKeepTheShapeOfAnAgentStatsTableCreatedBeforeTheIdlePartitionAndStillFeedSilver() {
        // a bronze table as it was created before the idle reports got a partition of their own
        String path = lake().resolve("bronze/workspace_agent_stats").toString();
        com.coderinsights.dw.spark.common.DeltaWriter.create(spark(),
                BronzeSchemas.bronze(com.coderinsights.dw.core.contract.RawContract.stream("workspace_agent_stats")), path,
                com.coderinsights.dw.spark.common.DeltaWriter.Layout.partitionedBy("_arrival_date").withStats("_arrival_hour"));
        write(landing(), "workspace_agent_stats", "2026-11-02", 9, "a.ndjson", List.of(
                agentStat(uuid(1), "2026-11-02T09:00:10Z", 1, 20.0), agentStat(uuid(2), "2026-11-02T09:00:40Z", 0, -1)
                        .replace("\"session_count_vscode\":1", "\"session_count_vscode\":0")));

        List<JobResult> r = com.coderinsights.dw.spark.jobs.testing.Pipeline.run(landing(), lake(), "run-1", T0);

        assertThat(IngestRawLogsJob.splitsIdleReports(spark(), path)).isFalse();
        assertThat(table(lake(), "workspace_agent_stats").columns()).doesNotContain("_idle");
        assertThat(table(lake(), "workspace_agent_stats").count()).isEqualTo(2);
        assertThat(r.get(1).count("agent_stats_new_rows")).isEqualTo(1);
        assertThat(r.get(1).count("agent_stats_idle_reports")).isEqualTo(1);
        assertThat(spark().read().format("delta").load(lake().resolve("silver/workspace_agent_stats").toString())
                .select("id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList()).containsExactly(uuid(1));
    }

    private void fillTwoHours() {
        write(landing(), "workspace_agent_stats", "2026-11-02", 9, "a.ndjson", List.of(
                agentStat(uuid(1), "2026-11-02T09:00:00Z", 1, 10), agentStat(uuid(2), "2026-11-02T09:00:30Z", 1, 10), "{broken"));
        write(landing(), "workspace_app_stats", "2026-11-02", 9, "b.ndjson", List.of(
                appStat(1, uuid(11), "2026-11-02T09:00:00Z", "2026-11-02T09:00:30Z", 1)));
        write(landing(), "workspace_agent_stats", "2026-11-02", 10, "c.ndjson", List.of(
                agentStat(uuid(3), "2026-11-02T10:00:00Z", 1, 10)));
    }

    /** Every bronze table's rows as sorted strings. */
    private Map<String, List<String>> snapshot(Path lake) throws IOException {
        Map<String, List<String>> out = new TreeMap<>();
        try (Stream<Path> tables = Files.list(lake.resolve("bronze"))) {
            for (Path t : tables.sorted().toList()) {
                List<String> rows = new ArrayList<>();
                spark().read().format("delta").load(t.toString()).collectAsList().forEach(r -> rows.add(r.toString()));
                rows.sort(null);
                out.put(t.getFileName().toString(), rows);
            }
        }
        return out;
    }

    private static Map<String, Long> deltaVersions(Path lake) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> tables = Files.list(lake.resolve("bronze"))) {
            for (Path t : tables.toList()) {
                try (Stream<Path> log = Files.list(t.resolve("_delta_log"))) {
                    out.put(t.getFileName().toString(), log.filter(p -> p.toString().endsWith(".json")).count());
                }
            }
        }
        return out;
    }
}
