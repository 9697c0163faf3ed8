package com.coderinsights.dw.spark.jobs.silver;

import static org.assertj.core.api.Assertions.assertThat;

import com.coderinsights.dw.spark.common.DeltaWriter;
import com.coderinsights.dw.spark.common.Lake;
import com.coderinsights.dw.spark.jobs.testing.SparkTestBase;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether a pending table holds anything, as gold and the report tables ask before reading it: from its log alone. */
class HasFilesTest extends SparkTestBase {

    private static final StructType SCHEMA = new StructType().add("run_id", DataTypes.StringType).add("user_id", DataTypes.StringType);

    @TempDir
    Path tmp;

    @Test
    void shouldSayATableHasFilesOnlyWhileItHoldsRows() {
        String path = tmp.resolve("pending").toString();
        // no table yet (no folder either), then a table without files
        assertThat(Lake.hasFiles(spark(), path)).isFalse();
        DeltaWriter.create(spark(), SCHEMA, path, DeltaWriter.Layout.partitionedBy("run_id"));
        assertThat(Lake.hasFiles(spark(), path)).isFalse();

        DeltaWriter.append(spark(), spark().createDataFrame(List.of(RowFactory.create("r1", "u1"), RowFactory.create("r2", "u2")), SCHEMA),
                path, DeltaWriter.Layout.partitionedBy("run_id"));
        assertThat(Lake.hasFiles(spark(), path)).isTrue();
        DeltaTable.forPath(spark(), path).delete("run_id = 'r1'");
        assertThat(Lake.hasFiles(spark(), path)).isTrue();
        // every entry removed, as the jobs remove what they consumed: files no more
        DeltaTable.forPath(spark(), path).delete("run_id = 'r2'");
        assertThat(Lake.hasFiles(spark(), path)).isFalse();
    }
}
