package com.coderinsights.dw.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Whole directory trees on the local disk: the lakes, landings and server state that the benchmarks
 * and the tests set up and clear away.
 */
public final class FileTrees {

    private FileTrees() {
    }

    /**
     * Deletes {@code root} and everything under it; nothing happens when it does not exist, and a file
     * that goes away meanwhile (a server still shutting down) is no error.
     */
    public static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            for (Path p : walk(root, Comparator.reverseOrder())) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }

    /**
     * Copies the tree at {@code from} to {@code to}, which must not exist yet, keeping the files'
     * modification times.
     */
    public static void copy(Path from, Path to) {
        try {
            for (Path p : walk(from, Comparator.naturalOrder())) {
                Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy " + from + " to " + to, e);
        }
    }

    private static List<Path> walk(Path root, Comparator<Path> order) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.sorted(order).toList();
        }
    }
}
