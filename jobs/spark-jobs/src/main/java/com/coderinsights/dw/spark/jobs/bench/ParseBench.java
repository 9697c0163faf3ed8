package com.coderinsights.dw.spark.jobs.bench;

import com.coderinsights.dw.core.contract.ParseResult;
import com.coderinsights.dw.core.contract.RawContract;
import com.coderinsights.dw.core.contract.RecordParser;
import com.coderinsights.dw.core.contract.StreamSpec;
import com.coderinsights.dw.spark.common.RunWindow;
import com.coderinsights.dw.spark.jobs.bronze.LandingFile;
import com.coderinsights.dw.spark.jobs.bronze.LandingScanner;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code scripts/bench parse}: what the raw-log contract's parser costs, without Spark. The NDJSON
 * files one hour of the benchmark's landing zone holds (as {@code bench pipeline} simulated them)
 * are read into memory once, then each run reads their lines as bronze does (a UTF-8 reader, a
 * line at a time) and parses every line with {@link RecordParser}, in one thread. Prints each run's
 * seconds, lines and MB per second of one core, and the median; bronze ingest runs this on every
 * core, beside its Parquet and Delta writes.
 */
public final class ParseBench {

    private ParseBench() {
    }

    /** One landing file, in memory. */
    record Input(StreamSpec spec, String name, byte[] bytes) {
    }

    public static void main(String[] args) throws IOException {
        String dir = null;
        String hour = "2026-11-02T03";
        int runs = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = args[++i];
                case "--hour" -> hour = args[++i];
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (dir == null || runs < 1) {
            usage("--dir is required and --runs at least 1");
        }
        try {
            RunWindow.parseHour("--hour", hour);
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
        }
        Path landing = Path.of(dir, "landing");
        List<Input> inputs = Files.isDirectory(landing) ? load(landing, hour) : List.of();
        if (inputs.isEmpty()) {
            System.err.println("no NDJSON files of hour " + hour + " under " + landing + ": run scripts/bench pipeline first (it simulates them)");
            System.exit(1);
        }
        long bytes = inputs.stream().mapToLong(in -> in.bytes().length).sum();
        System.out.printf("parsing %d NDJSON files of hour %s (%,.1f MB), %d runs (one more first, not counted), one thread%n",
                inputs.size(), hour, bytes / 1e6, runs);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Double> seconds = new ArrayList<>();
        long[] expected = null;
        for (int run = 0; run <= runs; run++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long[] counts = parseAll(inputs);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            if (expected == null) {
                expected = counts;
            } else if (expected[0] != counts[0] || expected[1] != counts[1]) {
                throw new IllegalStateException("runs disagree: " + expected[0] + "/" + expected[1] + " against " + counts[0] + "/" + counts[1]);
            }
            if (run > 0) {
                seconds.add(wall);
                System.out.printf("  run %d: %.2f s (%.2f s of CPU), %,.0f lines/s, %.1f MB/s%n", run, wall, cpu, (counts[0] + counts[1]) / wall,
                        bytes / 1e6 / wall);
            }
        }
        double median = PipelineBench.median(seconds.stream().sorted().toList());
        System.out.printf("parse benchmark (one core), hour %s: %,d lines (%,d kept, %,d rejected), %,.1f MB: median %.2f s, %,.0f lines/s, "
                + "%.1f MB/s%n", hour, expected[0] + expected[1], expected[0], expected[1], bytes / 1e6, median,
                (expected[0] + expected[1]) / median, bytes / 1e6 / median);
    }

    /**
     * The NDJSON files of one arrival hour ({@code YYYY-MM-DDTHH}) of every stream, in memory: those bronze would
     * read as NDJSON, found as bronze finds them ({@link LandingScanner}).
     */
    static List<Input> load(Path landing, String hour) throws IOException {
        org.apache.hadoop.fs.FileSystem fs = org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
        List<Input> inputs = new ArrayList<>();
        for (LandingFile f : LandingScanner.scan(fs, fs.makeQualified(new org.apache.hadoop.fs.Path(landing.toUri())),
                RunWindow.parse(hour, hour)).files()) {
            if (f.format() == LandingFile.Format.NDJSON) {
                try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(f.uri()))) {
                    inputs.add(new Input(RawContract.stream(f.stream()), f.relPath().substring(f.relPath().lastIndexOf('/') + 1),
                            in.readAllBytes()));
                }
            }
        }
        return inputs;
    }

    /** Parses every line of every input; returns {kept, rejected}. */
    static long[] parseAll(List<Input> inputs) throws IOException {
        long ok = 0;
        long rejected = 0;
        for (Input in : inputs) {
            RecordParser parser = new RecordParser(in.spec());
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(in.bytes()), StandardCharsets.UTF_8),
                    1 << 20)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    ParseResult r = parser.parse(line);
                    if (r.isOk()) {
                        ok++;
                    } else {
                        rejected++;
                    }
                }
            }
        }
        return new long[] {ok, rejected};
    }

    private static void usage(String problem) {
        System.err.println("usage: ParseBench --dir DIR [--hour YYYY-MM-DDTHH] [--runs N]: " + problem);
        System.exit(2);
    }
}
