package com.coderinsights.dw.spark.jobs.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.coderinsights.dw.spark.common.DwConfig;
import com.coderinsights.dw.spark.common.JobContext;
import com.coderinsights.dw.spark.common.JobResult;
import com.coderinsights.dw.spark.common.Lake;
import com.coderinsights.dw.spark.common.RunWindow;
import com.coderinsights.dw.spark.jobs.PipelineRunner;
import com.coderinsights.dw.spark.jobs.testing.SparkTestBase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * {@code maintain_lake}: small files compacted partition by partition in the days before the recent ones (unpartitioned
 * tables whole), files no young version references removed, rows unchanged; a second run changes nothing; large
 * files, recent days and young files are left alone; bad settings are refused.
 */
class MaintainLakeJobTest extends SparkTestBase {

    private static final StructType SCHEMA = new StructType().add("day", DataTypes.DateType).add("user_id", DataTypes.StringType)
            .add("minutes", DataTypes.LongType);
    private static final java.sql.Date DAY1 = java.sql.Date.valueOf("2026-11-01");
    private static final java.sql.Date DAY2 = java.sql.Date.valueOf("2026-11-02");
    /** The runs start on 2026-11-03: with one recent day, 2026-11-02 is recent and 2026-11-01 is not. */
    private static final DwConfig ONE_RECENT_DAY = CONFIG.with("dw.maintenance.compact-after-days", 1);

    @TempDir
    Path tmp;

    /**
     * silver.facts, partitioned by day: five appends into day 1, two into day 2 (seven files, twelve rows); gold.totals,
     * unpartitioned: two appends (two files).
     */
    private Lake lake() {
        Lake lake = new Lake(tmp.toUri().toString());
        SparkSession spark = spark();
        for (int i = 0; i < 5; i++) {
            append(spark, List.of(RowFactory.create(DAY1, "u" + i, (long) i), RowFactory.create(DAY1, "v" + i, 10L + i)),
                    lake.path("silver", "facts"), true);
        }
        append(spark, List.of(RowFactory.create(DAY2, "u9", 9L)), lake.path("silver", "facts"), true);
        append(spark, List.of(RowFactory.create(DAY2, "u10", 10L)), lake.path("silver", "facts"), true);
        append(spark, List.of(RowFactory.create(DAY1, "all", 55L)), lake.path("gold", "totals"), false);
        append(spark, List.of(RowFactory.create(DAY2, "all", 19L)), lake.path("gold", "totals"), false);
        return lake;
    }

    private static void append(SparkSession spark, List<Row> rows, String path, boolean byDay) {
        org.apache.spark.sql.DataFrameWriter<Row> w = spark.createDataFrame(rows, SCHEMA).coalesce(1).write().format("delta")
                .mode(SaveMode.Append);
        (byDay ? w.partitionBy("day") : w).save(path);
    }

    private static List<String> rows(SparkSession spark, String path) {
        return spark.read().format("delta").load(path).orderBy("day", "user_id").collectAsList().stream().map(Row::toString).toList();
    }

    private static long liveFiles(SparkSession spark, String path) {
        return DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty()).numOfFiles();
    }

    private static long liveFiles(SparkSession spark, String path, java.sql.Date day) {
        return spark.read().format("delta").load(path).where(org.apache.spark.sql.functions.col("day").equalTo(day)).inputFiles().length;
    }

    private JobResult maintain(Lake lake, DwConfig config) {
        return maintain(lake, config, RunWindow.parse(null, null));
    }

    private JobResult maintain(Lake lake, DwConfig config, RunWindow window) {
        JobContext ctx = new JobContext(config, lake, null, "r1", Instant.parse("2026-11-03T00:00:00Z"));
        return PipelineRunner.runOne(spark(), new MaintainLakeJob(), window, ctx);
    }

    /** No retention, Delta's own check off for this job only: removed files go at once. */
    private static DwConfig noRetention() {
        return ONE_RECENT_DAY.with("dw.maintenance.retention-hours", 0)
                .with("dw.spark.job-conf.maintain_lake.\"spark.databricks.delta.retentionDurationCheck.enabled\"", "false");
    }

    @Test
    void shouldCompactSmallFilesOfPastDaysAndRemoveTheOldOnesKeepingEveryRow() {
        SparkSession spark = spark();
        Lake lake = lake();
        String facts = lake.path("silver", "facts");
        List<String> factRows = rows(spark, facts);
        List<String> totalRows = rows(spark, lake.path("gold", "totals"));
        assertThat(factRows).hasSize(12);
        assertThat(liveFiles(spark, facts)).isEqualTo(7);

        JobResult first = maintain(lake, noRetention());

        // day 1's five files became one, day 2 (recent) keeps its two; gold's two (unpartitioned) became one
        assertThat(first.counts()).containsEntry("tables", 2L).containsEntry("tables_with_nothing_to_compact", 0L)
                .containsEntry("tables_compacted", 2L)
                .containsEntry("small_files_compacted", 7L).containsEntry("files_written_by_compaction", 2L)
                .containsEntry("data_files_on_disk_before", 9L).containsEntry("data_files_on_disk_after", 4L);
        assertThat(liveFiles(spark, facts, DAY1)).isEqualTo(1);
        assertThat(liveFiles(spark, facts, DAY2)).isEqualTo(2);
        assertThat(liveFiles(spark, lake.path("gold", "totals"))).isEqualTo(1);
        assertThat(MaintainLakeJob.dataFiles(spark, facts)).isEqualTo(3);
        assertThat(rows(spark, facts)).isEqualTo(factRows);
        assertThat(rows(spark, lake.path("gold", "totals"))).isEqualTo(totalRows);
        assertThat(spark.conf().getAll().contains("spark.databricks.delta.optimize.minFileSize")).as("put back").isFalse();
        assertThat(spark.conf().get("spark.sql.sources.parallelPartitionDiscovery.parallelism")).as("put back").isEqualTo("10000");
        assertThat(spark.conf().getAll().contains("spark.databricks.delta.retentionDurationCheck.enabled")).as("put back").isFalse();

        JobResult second = maintain(lake, noRetention());
        // one file in day 1, day 2 recent, one file in gold: nothing to compact, so OPTIMIZE is not even called
        assertThat(second.counts()).containsEntry("tables", 2L).containsEntry("tables_with_nothing_to_compact", 2L)
                .containsEntry("tables_compacted", 0L)
                .containsEntry("small_files_compacted", 0L).containsEntry("data_files_on_disk_before", 4L)
                .containsEntry("data_files_on_disk_after", 4L);
        assertThat(rows(spark, facts)).isEqualTo(factRows);
        assertThat(liveFiles(spark, facts)).isEqualTo(3);
    }

    @Test
    void shouldKeepRemovedFilesForTheRetentionSoOlderVersionsStillRead() {
        SparkSession spark = spark();
        Lake lake = lake();
        String facts = lake.path("silver", "facts");
        long before = DeltaLog.forTable(spark, facts).update(false, Option.empty(), Option.empty()).version();
        List<String> factRows = rows(spark, facts);

        JobResult r = maintain(lake, ONE_RECENT_DAY); // 168 hours: the compacted files are minutes old
        assertThat(r.counts()).containsEntry("small_files_compacted", 7L).containsEntry("data_files_on_disk_before", 9L)
                .containsEntry("data_files_on_disk_after", 11L);
        assertThat(liveFiles(spark, facts)).isEqualTo(3);
        Dataset<Row> old = spark.read().format("delta").option("versionAsOf", before).load(facts);
        assertThat(old.inputFiles()).hasSize(7);
        assertThat(old.orderBy("day", "user_id").collectAsList().stream().map(Row::toString).toList()).isEqualTo(factRows);
    }

    @Test
    void shouldLeaveLargeFilesAndRecentDaysAlone() {
        SparkSession spark = spark();
        Lake lake = lake();
        JobResult none = maintain(lake, noRetention().with("dw.maintenance.small-file-mb", 0));
        assertThat(none.counts()).containsEntry("tables_compacted", 0L).containsEntry("tables_with_nothing_to_compact", 0L)
                .containsEntry("small_files_compacted", 0L)
                .containsEntry("data_files_on_disk_after", 9L);
        assertThat(liveFiles(spark, lake.path("silver", "facts"))).isEqualTo(7);

        // three recent days (the default): both days of silver.facts are recent; unpartitioned gold still compacts
        JobResult recent = maintain(lake, noRetention().with("dw.maintenance.compact-after-days", 3));
        assertThat(recent.counts()).containsEntry("tables_compacted", 1L).containsEntry("tables_with_nothing_to_compact", 1L)
                .containsEntry("small_files_compacted", 2L)
                .containsEntry("data_files_on_disk_after", 8L);
        assertThat(liveFiles(spark, lake.path("silver", "facts"))).isEqualTo(7);
        // counted back from the window's last hour when there is one: a replay of 2026-11-02's hours with one recent
        // day compacts nothing either (2026-11-01 is recent), though the run started on 2026-11-03
        JobResult replay = maintain(lake, noRetention(), RunWindow.parse("2026-11-02T00", "2026-11-02T23"));
        assertThat(replay.counts()).containsEntry("small_files_compacted", 0L);
        assertThat(liveFiles(spark, lake.path("silver", "facts"))).isEqualTo(7);
        assertThat(MaintainLakeJob.compactionScope(Lake.snapshot(spark, lake.path("silver", "facts")), java.time.LocalDate.parse("2026-10-31")))
                .isEqualTo("`day` < date'2026-10-31'");
        assertThat(MaintainLakeJob.compactionScope(Lake.snapshot(spark, lake.path("gold", "totals")), java.time.LocalDate.parse("2026-10-31"))).isEmpty();
        // what OPTIMIZE would find, from the file list: day 1's five small files (or any two), none in a scope without them,
        // none when no file is small, and gold's one compacted file alone is nothing to do
        long mb = 1024L * 1024L;
        assertThat(MaintainLakeJob.hasFilesToCompact(Lake.snapshot(spark, lake.path("silver", "facts")), "`day` < date'2026-11-02'", mb)).isTrue();
        assertThat(MaintainLakeJob.hasFilesToCompact(Lake.snapshot(spark, lake.path("silver", "facts")), "", mb)).isTrue();
        assertThat(MaintainLakeJob.hasFilesToCompact(Lake.snapshot(spark, lake.path("silver", "facts")), "`day` < date'2026-11-01'", mb)).isFalse();
        assertThat(MaintainLakeJob.hasFilesToCompact(Lake.snapshot(spark, lake.path("silver", "facts")), "", 1)).isFalse();
        assertThat(MaintainLakeJob.hasFilesToCompact(Lake.snapshot(spark, lake.path("gold", "totals")), "", mb)).isFalse();
    }

    @Test
    void shouldRefuseBadSettingsAndKeepFilesYoungerThanTheRetention() {
        Lake lake = lake();
        assertThatThrownBy(() -> maintain(lake, CONFIG.with("dw.maintenance.retention-hours", -1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention-hours 0 or more");
        assertThatThrownBy(() -> maintain(lake, CONFIG.with("dw.maintenance.target-file-mb", 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target-file-mb more than 0");
        assertThatThrownBy(() -> maintain(lake, CONFIG.with("dw.maintenance.compact-after-days", -1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compact-after-days must be 0 or more");
        // no retention without Delta's check turned off for the job: Delta refuses, and says how (compaction may have
        // run before: safe, its rows are unchanged and the files it removed still on disk)
        List<String> factRows = rows(spark(), lake.path("silver", "facts"));
        assertThatThrownBy(() -> maintain(lake, ONE_RECENT_DAY.with("dw.maintenance.retention-hours", 0)))
                .hasMessageContaining("retentionDurationCheck.enabled = false");
        // an hour: every file compaction removed is minutes old, so none goes
        JobResult hour = maintain(lake, ONE_RECENT_DAY.with("dw.maintenance.retention-hours", 1));
        assertThat(hour.count("data_files_on_disk_after")).isEqualTo(hour.count("data_files_on_disk_before")
                + hour.count("files_written_by_compaction")).isGreaterThanOrEqualTo(11);
        assertThat(liveFiles(spark(), lake.path("silver", "facts"))).isEqualTo(3);
        assertThat(rows(spark(), lake.path("silver", "facts"))).isEqualTo(factRows);
    }
}
