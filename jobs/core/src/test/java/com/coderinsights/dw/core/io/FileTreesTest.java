package com.coderinsights.dw.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

    @TempDir
    Path tmp;

    private Path tree() throws IOException {
        Path root = tmp.resolve("lake");
        Files.createDirectories(root.resolve("gold/_delta_log"));
        Files.writeString(root.resolve("gold/_delta_log/00000000000000000000.json"), "{\"commitInfo\":{}}\n");
        Files.writeString(root.resolve("gold/part-0.parquet"), "PAR1");
        Files.createDirectories(root.resolve("empty"));
        return root;
    }

    @Test
    void shouldDeleteATreeWithItsFilesAndEmptyFolders() throws IOException {
        Path root = tree();
        Files.writeString(tmp.resolve("beside.txt"), "kept");

        FileTrees.delete(root);

        assertThat(root).doesNotExist();
        assertThat(tmp.resolve("beside.txt")).hasContent("kept");
    }

    @Test
    void shouldDoNothingWhenThereIsNoTreeToDelete() {
        FileTrees.delete(tmp.resolve("never-made"));

        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void shouldCopyEveryFileAndFolderWithItsModificationTime() throws IOException {
        Path root = tree();
        FileTime written = FileTime.from(Instant.parse("2026-12-01T10:00:00Z"));
        Files.setLastModifiedTime(root.resolve("gold/part-0.parquet"), written);

        FileTrees.copy(root, tmp.resolve("copy"));

        Path copy = tmp.resolve("copy");
        assertThat(copy.resolve("gold/_delta_log/00000000000000000000.json")).hasContent("{\"commitInfo\":{}}");
        assertThat(copy.resolve("gold/part-0.parquet")).hasContent("PAR1");
        assertThat(Files.getLastModifiedTime(copy.resolve("gold/part-0.parquet"))).isEqualTo(written);
        assertThat(copy.resolve("empty")).isEmptyDirectory();
        assertThat(root.resolve("gold/part-0.parquet")).exists();
    }

    @Test
    void shouldRefuseToCopyOverATreeThatExists() throws IOException {
        Path root = tree();
        Files.createDirectories(tmp.resolve("copy"));

        assertThatThrownBy(() -> FileTrees.copy(root, tmp.resolve("copy")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("could not copy");
    }
}
