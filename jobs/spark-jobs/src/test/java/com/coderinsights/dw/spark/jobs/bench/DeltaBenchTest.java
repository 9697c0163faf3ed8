package com.coderinsights.dw.spark.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.coderinsights.dw.spark.jobs.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the Delta benchmark writes each hour, what it counts, and what it prints. */
class DeltaBenchTest extends SparkTestBase {

    @TempDir
    Path tmp;

    @Test
    void shouldWriteEachKindEveryHourAndNoteTheHourOfTheTablesCheckpoint() {
        // hour 0 creates the tables, hours 1-2 are not timed; each table's version 10 (and its checkpoint) falls in hour 9 for
        // the append, whose table's creation is a commit of its own, and in hour 10 for the others
        DeltaBench.Result result = DeltaBench.run(spark(), tmp, new DeltaBench.Options(1, 6, 2, 8, 1), false);

        assertThat(result.hours()).hasSize(24).allSatisfy(h -> {
            assertThat(h.seconds()).isPositive();
            assertThat(h.jobs()).as("Spark jobs of %s", h).isPositive();
        });
        assertThat(result.hours()).extracting(DeltaBench.Hour::hour).containsOnly(3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(result.hours()).filteredOn(DeltaBench.Hour::checkpoint)
                .extracting(h -> h.kind() + "@" + h.hour()).containsExactly("APPEND@9", "REPLACE@10", "MERGE@10");
        // appends keep every hour's 6 rows; a replace swaps only its own hour's; a merge keeps each key once: ids 0-5, then
        // 3 more every hour
        assertThat(result.rowsHeld()).containsEntry(DeltaBench.Kind.APPEND, 66L).containsEntry(DeltaBench.Kind.REPLACE, 66L)
                .containsEntry(DeltaBench.Kind.MERGE, 36L);
        // a merge updates the keys it shares with the hour before (their version becomes the hour's)
        assertThat(spark().read().format("delta").load(tmp.resolve("merge-0").toUri().toString())
                .where("version = 10").count()).isEqualTo(6);

        List<String> report = DeltaBench.report(result, new DeltaBench.Options(2, 6, 2, 8, 2));
        assertThat(report).hasSize(4);
        assertThat(report.get(0)).contains("2 tables of each kind, one write of 6 rows to each every hour, 2 at a time");
        assertThat(report.get(1)).startsWith("  append:").contains(" s an hour, ").contains("; with checkpoints ");
        assertThat(report.get(2)).startsWith("  read, then replace on a data column:");
        assertThat(report.get(3)).startsWith("  merge on a key, half new:");
    }

    @Test
    void shouldGiveTheHoursRowsHalfOfThemKeysOfTheHourBefore() {
        List<Long> hour1 = DeltaBench.hourRows(spark(), 1, 6).select("id").as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
        List<Long> hour2 = DeltaBench.hourRows(spark(), 2, 6).select("id").as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
        assertThat(hour1).containsExactly(3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(hour2).containsExactly(6L, 7L, 8L, 9L, 10L, 11L);
    }
}
