package com.coderinsights.dw.spark.jobs.bronze;

import static com.coderinsights.dw.spark.jobs.bronze.BronzeSchemas.ARRIVAL_DATE;
import static com.coderinsights.dw.spark.jobs.bronze.BronzeSchemas.SOURCE_FILE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import com.coderinsights.dw.core.contract.ParseResult;
import com.coderinsights.dw.core.contract.RawContract;
import com.coderinsights.dw.core.contract.StreamSpec;
import com.coderinsights.dw.spark.common.DeltaWriter;
import com.coderinsights.dw.spark.common.JobContext;
import com.coderinsights.dw.spark.common.JobResult;
import com.coderinsights.dw.spark.common.Lake;
import com.coderinsights.dw.spark.common.RunWindow;
import com.coderinsights.dw.spark.common.SerializableHadoopConf;
import com.coderinsights.dw.spark.common.SparkJob;
import com.coderinsights.dw.spark.common.Sql;
import com.coderinsights.dw.spark.jobs.AgentReports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Landing zone to {@code bronze.<stream>}: every line of every new landing file in the window
 * becomes one bronze row (Coder's columns, unknown fields in {@code _extra}, lineage columns) or one
 * {@code bronze.rejected} row with its reason. Never both, never neither: per file, lines read =
 * rows written + rows rejected, checked against the Delta commits' own metrics.
 *
 * <p>Exactly once: {@code bronze._ingest_manifest} records every file seen. A file already there
 * (by path) is not read again; a file whose bytes equal an ingested file's (a re-delivery) is
 * recorded as a duplicate and skipped. Each write replaces exactly the rows of the files it
 * ingests ({@code replaceWhere} on {@code _source_file}), and the manifest is written last, so a
 * run that died midway is repaired, not doubled, by the next.
 */
public final class IngestRawLogsJob implements SparkJob {

    public static final String NAME = "ingest_raw_logs";
    public static final String MANIFEST_TABLE = "_ingest_manifest";
    public static final String REJECTED_TABLE = "rejected";

    private static final Logger LOG = LoggerFactory.getLogger(IngestRawLogsJob.class);
    /** Bronze tables keep statistics only of the arrival hour: what the silver job prunes on. */
    private static final DeltaWriter.Layout LAYOUT = DeltaWriter.Layout.partitionedBy(ARRIVAL_DATE).withStats(BronzeSchemas.ARRIVAL_HOUR);
    /** Agent stats also by {@link AgentReports#IDLE}: the nine in ten reports no number reads, apart. */
    private static final DeltaWriter.Layout AGENT_STATS_LAYOUT = DeltaWriter.Layout.partitionedBy(ARRIVAL_DATE, AgentReports.IDLE)
            .withStats(BronzeSchemas.ARRIVAL_HOUR);

    /**
     * Whether {@code bronze.workspace_agent_stats} at {@code path} keeps the idle reports apart: yes
     * when this run creates it; a table created before the split keeps its shape (silver then reads
     * all of its rows).
     */
    public static boolean splitsIdleReports(SparkSession spark, String path) {
        return !Lake.exists(spark, path)
                || java.util.Arrays.asList(spark.read().format("delta").load(path).columns()).contains(AgentReports.IDLE);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** What became of one stream's files in this run. */
    private record StreamOutcome(String stream, Dataset<Row> rejected, Map<String, long[]> perFile, Map<String, String> sha256,
                                 long written) {
    }

    @Override
    public JobResult run(SparkSession spark, RunWindow window, JobContext ctx) {
        Lake lake = ctx.lake();
        String manifestPath = lake.path("bronze", MANIFEST_TABLE);
        FileSystem fs;
        Path root = new Path(ctx.landingRoot());
        LandingScanner.Listing listing;
        try {
            fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            listing = LandingScanner.scan(fs, fs.makeQualified(root), window);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the landing zone " + root, e);
        }
        listing.unrecognized().forEach(p -> LOG.warn("landing path outside the layout, not ingested: {}", p));

        // 1. what is new: not yet in the manifest by path
        Map<String, String> knownHashes = new HashMap<>();
        java.util.Set<String> knownPaths = new java.util.HashSet<>();
        java.util.Set<Long> knownSizes = new java.util.HashSet<>();
        if (Lake.exists(spark, manifestPath)) {
            for (Row r : spark.read().format("delta").load(manifestPath).select("source_file", "sha256", "status", "size_bytes")
                    .collectAsList()) {
                knownPaths.add(r.getString(0));
                if ("ingested".equals(r.getString(2)) && r.getString(1) != null) {
                    knownHashes.putIfAbsent(r.getString(1), r.getString(0));
                    knownSizes.add(r.getLong(3));
                }
            }
        }
        List<LandingFile> fresh = listing.files().stream().filter(f -> !knownPaths.contains(f.relPath())).toList();
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("files_in_window", (long) listing.files().size());
        counts.put("files_already_ingested", (long) (listing.files().size() - fresh.size()));
        counts.put("paths_outside_layout", (long) listing.unrecognized().size());
        if (fresh.isEmpty()) {
            LOG.info("{}: window {}: nothing new ({} files already ingested)", NAME, window, listing.files().size());
            return new JobResult(NAME, counts);
        }

        // 2. re-deliveries: the same bytes as a file ingested before, or earlier in this run
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SerializableHadoopConf hadoopConf = new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration());
        // equal bytes have equal sizes: only a file whose size another file has can be a re-delivery, and only
        // those are hashed first (with Parquet and unsupported files); the others are hashed as they are parsed
        Map<Long, Long> freshSizes = fresh.stream().collect(Collectors.groupingBy(LandingFile::sizeBytes, Collectors.counting()));
        List<LandingFile> hashFirst = fresh.stream().filter(f -> f.format() == LandingFile.Format.PARQUET
                || f.format() == LandingFile.Format.UNSUPPORTED || knownSizes.contains(f.sizeBytes())
                || freshSizes.get(f.sizeBytes()) > 1).toList();
        Map<String, String> hashes = new HashMap<>(hashFirst.isEmpty() ? Map.of() : hashFiles(jsc, hadoopConf, hashFirst));
        List<LandingFile> toIngest = new ArrayList<>();
        Map<String, String> duplicateOf = new LinkedHashMap<>();
        List<LandingFile> unsupported = new ArrayList<>();
        for (LandingFile f : fresh) {
            String h = hashes.get(f.relPath());
            if (f.format() == LandingFile.Format.UNSUPPORTED) {
                unsupported.add(f);
                LOG.warn("unsupported file type, recorded in the manifest but not ingested: {}", f.relPath());
            } else if (h != null && knownHashes.containsKey(h)) {
                duplicateOf.put(f.relPath(), knownHashes.get(h));
            } else {
                if (h != null) {
                    knownHashes.put(h, f.relPath());
                }
                toIngest.add(f);
            }
        }
        duplicateOf.forEach((dup, orig) -> LOG.info("re-delivered file skipped: {} has the same bytes as {}", dup, orig));

        // 3. parse and write each stream (a few at a time: their Spark jobs run side by side)
        Map<String, List<LandingFile>> byStream = toIngest.stream()
                .collect(Collectors.groupingBy(LandingFile::stream, LinkedHashMap::new, Collectors.toList()));
        int threads = Math.max(1, ctx.config().integer("dw.bronze.parallel-streams"));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<StreamOutcome> outcomes = new ArrayList<>();
        try {
            List<Future<StreamOutcome>> futures = new ArrayList<>();
            for (Map.Entry<String, List<LandingFile>> e : byStream.entrySet()) {
                futures.add(pool.submit(() -> ingestStream(spark, jsc, hadoopConf, ctx, e.getKey(), e.getValue())));
            }
            for (Future<StreamOutcome> f : futures) {
                outcomes.add(f.get());
            }
        } catch (Exception e) {
            throw new IllegalStateException("bronze ingest failed: " + rootMessage(e), e);
        } finally {
            pool.shutdown();
        }

        // 4. rejected lines of every stream, in one commit
        long rejectedTotal = 0;
        Dataset<Row> rejected = null;
        for (StreamOutcome o : outcomes) {
            rejected = rejected == null ? o.rejected() : rejected.unionByName(o.rejected());
            rejectedTotal += o.perFile().values().stream().mapToLong(c -> c[2]).sum();
        }
        long rejectedWritten = 0;
        if (rejected != null) {
            String filesPredicate = Sql.inList(SOURCE_FILE, toIngest.stream().map(LandingFile::relPath).toList());
            rejectedWritten = DeltaWriter.replace(spark, rejected, lake.path("bronze", REJECTED_TABLE), filesPredicate);
        }
        if (rejectedWritten != rejectedTotal) {
            throw new IllegalStateException("bronze.rejected commit wrote " + rejectedWritten + " rows, expected " + rejectedTotal);
        }

        // 5. the manifest, last
        List<Row> manifest = new ArrayList<>();
        Map<String, long[]> perFile = new HashMap<>();
        outcomes.forEach(o -> perFile.putAll(o.perFile()));
        outcomes.forEach(o -> o.sha256().forEach(hashes::putIfAbsent));
        Timestamp ingestedAt = Timestamp.from(ctx.runStartedAt());
        long lines = 0;
        long written = 0;
        for (LandingFile f : fresh) {
            long[] c = perFile.getOrDefault(f.relPath(), new long[3]);
            String status = unsupported.contains(f) ? "unsupported" : duplicateOf.containsKey(f.relPath()) ? "duplicate" : "ingested";
            manifest.add(RowFactory.create(f.relPath(), f.stream(), Timestamp.from(f.arrivalHour()), f.format().name().toLowerCase(),
                    f.sizeBytes(), hashes.get(f.relPath()), status, duplicateOf.get(f.relPath()), c[0], c[1], c[2],
                    ctx.runId(), ingestedAt));
            lines += c[0];
            written += c[1];
        }
        DeltaWriter.replace(spark, spark.createDataFrame(manifest, BronzeSchemas.MANIFEST), manifestPath,
                Sql.inList("source_file", fresh.stream().map(LandingFile::relPath).toList()));

        counts.put("files_ingested", (long) toIngest.size());
        counts.put("files_redelivered_skipped", (long) duplicateOf.size());
        counts.put("files_unsupported", (long) unsupported.size());
        counts.put("lines_read", lines);
        counts.put("rows_written", written);
        counts.put("rows_rejected", rejectedTotal);
        for (StreamOutcome o : outcomes) {
            counts.put("rows_written." + o.stream(), o.written());
        }
        LOG.info("{}: window {}: {} files ingested, {} re-deliveries skipped; {} lines = {} bronze rows + {} rejected",
                NAME, window, toIngest.size(), duplicateOf.size(), lines, written, rejectedTotal);
        return new JobResult(NAME, counts);
    }

    private StreamOutcome ingestStream(SparkSession spark, JavaSparkContext jsc, SerializableHadoopConf conf, JobContext ctx,
                                       String stream, List<LandingFile> files) {
        spark.sparkContext().setJobDescription("bronze " + stream);
        StreamSpec spec = RawContract.stream(stream);
        // one pass: the tasks that parse the files write the good rows and tally the rest
        IngestTally tally = new IngestTally();
        spark.sparkContext().register(tally, "bronze " + stream);
        // rows in Spark's internal form, so no value is converted again (internalCreateDataFrame is
        // package-private in Scala but public to Java; an upgrade that drops it fails the build, not a run)
        Dataset<Row> bronze = ((org.apache.spark.sql.classic.SparkSession) spark)
                .internalCreateDataFrame(bronzeRows(spark, jsc, conf, ctx, stream, files, tally).rdd(), BronzeSchemas.bronze(spec), false);
        List<String> paths = files.stream().map(LandingFile::relPath).toList();
        String predicate = Sql.inList(ARRIVAL_DATE, files.stream()
                .map(f -> java.time.LocalDate.ofInstant(f.arrivalHour(), java.time.ZoneOffset.UTC).toString()).distinct().toList())
                + " and " + Sql.inList(SOURCE_FILE, paths);
        String path = ctx.lake().path("bronze", stream);
        DeltaWriter.Layout layout = LAYOUT;
        if (stream.equals(RawContract.WORKSPACE_AGENT_STATS) && splitsIdleReports(spark, path)) {
            // the idle heartbeats in a partition of their own: silver reads only the other one
            bronze = bronze.withColumn(AgentReports.IDLE, AgentReports.idle());
            layout = AGENT_STATS_LAYOUT;
        }
        long written = DeltaWriter.replace(spark, bronze, path, predicate, layout);
        IngestTally.Part seen = tally.value();

        // per file: lines = rows written + rows rejected, and no gaps (the last line number == lines)
        Map<String, long[]> perFile = new LinkedHashMap<>();
        for (LandingFile f : files) {
            long[] c = seen.files.getOrDefault(f.relPath(), new long[4]);
            if (c[3] != c[0]) {
                throw new IllegalStateException(f.relPath() + ": " + c[0] + " rows for " + c[3] + " lines");
            }
            perFile.put(f.relPath(), new long[] {c[0], c[1], c[2]});
        }
        long good = perFile.values().stream().mapToLong(c -> c[1]).sum();
        long bad = perFile.values().stream().mapToLong(c -> c[2]).sum();
        if (written != good) {
            throw new IllegalStateException("bronze." + stream + " commit wrote " + written + " rows, parsed " + good + " good ones");
        }
        // the rejected lines the tasks kept, and those of files with too many to keep, read again
        List<Row> kept = seen.rejected.stream().filter(r -> !seen.overflow.contains(r.getString(1))).toList();
        Dataset<Row> rejected = spark.createDataFrame(kept, BronzeSchemas.REJECTED);
        if (!seen.overflow.isEmpty()) {
            List<LandingFile> again = files.stream().filter(f -> seen.overflow.contains(f.relPath())).toList();
            LOG.warn("bronze.{}: {} files have more than {} rejected lines each; reading them again for those", stream, again.size(),
                    IngestTally.REJECTS_KEPT_PER_FILE);
            rejected = rejected.unionByName(spark.createDataFrame(rejectedRows(spark, jsc, conf, ctx, stream, again),
                    BronzeSchemas.REJECTED));
        }
        LOG.info("bronze.{}: {} files, {} lines: {} written, {} rejected", stream, files.size(), good + bad, good, bad);
        return new StreamOutcome(stream, rejected, perFile, seen.sha256, written);
    }

    /** The bronze rows of the files' good lines, every line tallied in {@code tally}. */
    private static JavaRDD<InternalRow> bronzeRows(SparkSession spark, JavaSparkContext jsc, SerializableHadoopConf conf, JobContext ctx,
                                                   String stream, List<LandingFile> files, IngestTally tally) {
        return parsed(spark, jsc, conf, ctx, stream, files, (parser, source, line, text, r, part) -> {
            if (r.isOk()) {
                part.kept(source.relPath(), line);
                return parser.bronzeRow(source, line, r);
            }
            part.rejected(source.relPath(), line, parser.rejectedRow(source, line, text, r));
            return null;
        }, tally);
    }

    /** The {@code bronze.rejected} rows of the files' lines; nothing tallied. */
    private static JavaRDD<Row> rejectedRows(SparkSession spark, JavaSparkContext jsc, SerializableHadoopConf conf, JobContext ctx,
                                             String stream, List<LandingFile> files) {
        return parsed(spark, jsc, conf, ctx, stream, files,
                (parser, source, line, text, r, part) -> r.isOk() ? null : parser.rejectedRow(source, line, text, r), null);
    }

    private static <T> JavaRDD<T> parsed(SparkSession spark, JavaSparkContext jsc, SerializableHadoopConf conf, JobContext ctx,
                                         String stream, List<LandingFile> files, Verdict<T> verdict, IngestTally tally) {
        JavaRDD<T> out = null;
        List<LandingFile> ndjson = files.stream().filter(f -> f.format() != LandingFile.Format.PARQUET).toList();
        List<LandingFile> parquet = files.stream().filter(f -> f.format() == LandingFile.Format.PARQUET).toList();
        if (!ndjson.isEmpty()) {
            LineParser parser = new LineParser(stream, false, ctx.runStartedAt(), ctx.runId());
            out = jsc.parallelize(ndjson, ndjson.size())
                    .mapPartitions(it -> new NdjsonRows<>(it, conf, parser, verdict, tally));
        }
        if (!parquet.isEmpty()) {
            LineParser parser = new LineParser(stream, true, ctx.runStartedAt(), ctx.runId());
            Map<String, LandingFile> byPath = new HashMap<>();
            for (LandingFile f : parquet) {
                byPath.put(new Path(f.uri()).toUri().getPath(), f);
            }
            JavaRDD<T> p = parquetLines(spark, parquet).javaRDD()
                    .mapPartitions(it -> new ParquetRows<>(it, byPath, parser, verdict, tally));
            out = out == null ? p : out.union(p);
        }
        return out;
    }

    /** Parquet rows go through the same contract check as NDJSON lines: each row as JSON, numbered from 1. */
    private static Dataset<Row> parquetLines(SparkSession spark, List<LandingFile> files) {
        Map<String, String> jsonOptions = Map.of("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX",
                "timestampNTZFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSS", "ignoreNullFields", "true");
        Dataset<Row> raw = spark.read().parquet(files.stream().map(LandingFile::uri).toArray(String[]::new));
        Column[] data = java.util.Arrays.stream(raw.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new);
        return raw.select(col("_metadata.file_path").as("path"), col("_metadata.row_index").as("idx"),
                to_json(struct(data), jsonOptions).as("text"));
    }

    /** SHA-256 of every file's bytes, computed in Spark tasks. */
    private static Map<String, String> hashFiles(JavaSparkContext jsc, SerializableHadoopConf conf, List<LandingFile> files) {
        Map<String, String> out = new HashMap<>();
        jsc.parallelize(files, Math.min(files.size(), 2 * jsc.defaultParallelism()))
                .map(f -> new String[] {f.relPath(), sha256(conf, f)})
                .collect()
                .forEach(p -> out.put(p[0], p[1]));
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(SerializableHadoopConf conf, LandingFile f) throws IOException {
        MessageDigest md = sha256();
        Path p = new Path(f.uri());
        try (InputStream in = p.getFileSystem(conf.get()).open(p)) {
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** What becomes of one parsed line: a row to yield, or null; tallied in {@code part} where a tally is kept. */
    private interface Verdict<T> extends Serializable {
        T apply(LineParser parser, LineParser.Source source, long line, String text, ParseResult r, IngestTally.Part part);
    }

    /**
     * Parses lines one by one and yields the rows the verdict makes of them; where a tally is kept,
     * adds the partition's part of it to the accumulator once its input is exhausted.
     */
    private abstract static class ParsedRows<T> implements Iterator<T> {
        private final LineParser parser;
        private final Verdict<T> verdict;
        private final IngestTally tally;
        private final IngestTally.Part part = new IngestTally.Part();
        private T next;
        private boolean done;
        /** Set by {@link #advance()}: the line's file, number, and text (or why the rest of the file is unreadable). */
        LineParser.Source source;
        long lineNo;
        String text;
        String error;

        ParsedRows(LineParser parser, Verdict<T> verdict, IngestTally tally) {
            this.parser = parser;
            this.verdict = verdict;
            this.tally = tally;
        }

        /** Moves to the next line; false when there are no more. */
        abstract boolean advance();

        /** The partition's file hashes and counts, or null where no tally is kept. */
        final IngestTally.Part part() {
            return tally == null ? null : part;
        }

        @Override
        public final boolean hasNext() {
            while (next == null && !done) {
                if (!advance()) {
                    done = true;
                    if (tally != null) {
                        tally.add(part);
                    }
                    break;
                }
                ParseResult r = error != null ? LineParser.unreadable(error) : parser.parse(text);
                next = verdict.apply(parser, source, lineNo, text, r, part);
            }
            return next != null;
        }

        @Override
        public final T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            T r = next;
            next = null;
            return r;
        }
    }

    /** The lines of a partition's NDJSON files (plain or gzip), numbered from 1. */
    private static final class NdjsonRows<T> extends ParsedRows<T> {
        private final Iterator<LandingFile> files;
        private final SerializableHadoopConf conf;
        private BufferedReader reader;
        private DigestInputStream digest;

        NdjsonRows(Iterator<LandingFile> files, SerializableHadoopConf conf, LineParser parser, Verdict<T> verdict, IngestTally tally) {
            super(parser, verdict, tally);
            this.files = files;
            this.conf = conf;
        }

        @Override
        boolean advance() {
            error = null;
            while (true) {
                if (reader != null) {
                    try {
                        text = reader.readLine();
                    } catch (IOException e) {
                        return unreadable(e);
                    }
                    if (text != null) {
                        lineNo++;
                        return true;
                    }
                    closeQuietly();
                }
                if (!files.hasNext()) {
                    return false;
                }
                LandingFile current = files.next();
                source = LineParser.Source.of(current.relPath(), current.arrivalHour());
                lineNo = 0;
                try {
                    Path p = new Path(current.uri());
                    digest = new DigestInputStream(p.getFileSystem(conf.get()).open(p, 1 << 20), sha256());
                    InputStream in = digest;
                    if (current.format() == LandingFile.Format.NDJSON_GZ) {
                        in = new GZIPInputStream(in, 1 << 16);
                    }
                    reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 20);
                } catch (IOException e) {
                    return unreadable(e);
                }
            }
        }

        /** A corrupt or unreadable file: one rejected row stands for the rest of it, and reading goes on with the next file. */
        private boolean unreadable(IOException e) {
            lineNo++;
            text = null;
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            closeQuietly();
            return true;
        }

        /** Closes the file, first reading what the line reader left (a gzip trailer, a damaged rest) into its SHA-256. */
        private void closeQuietly() {
            if (digest != null) {
                try {
                    byte[] buf = new byte[1 << 16];
                    while (digest.read(buf) >= 0) {
                        // only hashed
                    }
                    if (part() != null) {
                        part().sha256.put(source.relPath(), HexFormat.of().formatHex(digest.getMessageDigest().digest()));
                    }
                } catch (IOException e) {
                    // the hash stays unknown; the file can then not be recognised when delivered again
                }
                digest = null;
            }
            if (reader != null) {
                try {
                    reader.close();
                } catch (IOException ignored) {
                    // the file is done with either way
                }
                reader = null;
            }
        }
    }

    /** Parquet rows as JSON lines (path, row index, text), numbered from 1 per file. */
    private static final class ParquetRows<T> extends ParsedRows<T> {
        private final Iterator<Row> lines;
        private final Map<String, LandingFile> byPath;

        ParquetRows(Iterator<Row> lines, Map<String, LandingFile> byPath, LineParser parser, Verdict<T> verdict, IngestTally tally) {
            super(parser, verdict, tally);
            this.lines = lines;
            this.byPath = byPath;
        }

        @Override
        boolean advance() {
            if (!lines.hasNext()) {
                return false;
            }
            Row r = lines.next();
            LandingFile f = byPath.get(new Path(r.getString(0)).toUri().getPath());
            if (source == null || !source.relPath().equals(f.relPath())) {
                source = LineParser.Source.of(f.relPath(), f.arrivalHour());
            }
            lineNo = r.getLong(1) + 1;
            text = r.getString(2);
            error = null;
            return true;
        }
    }
}
