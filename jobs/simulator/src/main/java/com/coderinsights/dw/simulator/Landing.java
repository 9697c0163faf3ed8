package com.coderinsights.dw.simulator;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The landing zone the simulator writes: {@code <root>/<stream>/dt=YYYY-MM-DD/hour=HH/<file>}, one
 * arrival hour at a time, with the faults a real log shipper produces injected into fact streams
 * and counted exactly. Faults draw from their own random stream, so a seed's rows are the same with
 * faults on or off; malformed lines are extra corrupted copies, so they never remove a real row.
 */
final class Landing implements Closeable {

    /** Fault rates per fact row (redelivery: per closed file). */
    record Rates(double duplicate, double late, double outOfOrder, double malformed, double extraField, double redeliver) {
        static final Rates NONE = new Rates(0, 0, 0, 0, 0, 0);
    }

    static final String[] MALFORMED_KINDS = {"truncated_json", "wrong_type", "missing_required_field"};

    /** Per stream: a field whose value becomes a string (wrong type) and a required field to drop. */
    private static final Map<String, String[]> CORRUPTIBLE = Map.of(
            "workspace_agent_stats", new String[] {"connection_count", "user_id"},
            "workspace_app_stats", new String[] {"requests", "session_id"},
            "connection_logs", new String[] {"code", "workspace_id"},
            "audit_logs", new String[] {"status_code", "action"});

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHH");

    private final Path root;
    private final boolean gzip;
    private final int maxLinesPerFile;
    private final Rates rates;
    private final SplittableRandom rnd;
    private final Map<String, StreamStats> stats = new LinkedHashMap<>();
    private final Map<String, Sink> sinks = new LinkedHashMap<>();
    private final Map<String, ArrayDeque<Held>> held = new LinkedHashMap<>();
    private final TreeMap<Long, List<String[]>> lateLines = new TreeMap<>();
    private final TreeMap<Long, List<Closed>> redeliveries = new TreeMap<>();
    private long hour = Long.MIN_VALUE;
    private long extraSeq;

    Landing(Path root, boolean gzip, int maxLinesPerFile, Rates rates, long seed) {
        this.root = root;
        this.gzip = gzip;
        this.maxLinesPerFile = maxLinesPerFile;
        this.rates = rates;
        this.rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x5EED);
    }

    /** Counters of one stream, written to summary.json. */
    static final class StreamStats {
        long rows;
        long files;
        long linesInFiles;
        long duplicateRows;
        long lateRows;
        long outOfOrderRows;
        long extraFieldRows;
        final long[] malformed = new long[MALFORMED_KINDS.length];
        long redeliveredFiles;
        long redeliveredLines;

        long malformedTotal() {
            long t = 0;
            for (long m : malformed) {
                t += m;
            }
            return t;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rows_generated", rows);
            m.put("files", files);
            m.put("lines", linesInFiles + redeliveredLines);
            m.put("duplicate_rows", duplicateRows);
            m.put("late_rows", lateRows);
            m.put("out_of_order_rows", outOfOrderRows);
            m.put("extra_field_rows", extraFieldRows);
            Map<String, Object> mal = new LinkedHashMap<>();
            for (int i = 0; i < MALFORMED_KINDS.length; i++) {
                mal.put(MALFORMED_KINDS[i], malformed[i]);
            }
            m.put("malformed_lines", mal);
            m.put("malformed_lines_total", malformedTotal());
            m.put("redelivered_files", redeliveredFiles);
            m.put("redelivered_lines", redeliveredLines);
            m.put("expected_bronze_rows", linesInFiles - malformedTotal());
            m.put("expected_rejected_lines", malformedTotal());
            return m;
        }
    }

    private record Held(String line, int[] countdown) {
    }

    private record Closed(String stream, Path path, long lines) {
    }

    private final class Sink {
        final String stream;
        Writer out;
        Path path;
        long lines;
        int part;

        Sink(String stream) {
            this.stream = stream;
        }

        void write(String line) {
            try {
                if (out == null || lines >= maxLinesPerFile) {
                    close();
                    open();
                }
                out.write(line);
                out.write('\n');
                lines++;
                stats(stream).linesInFiles++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void open() throws IOException {
            path = folder(stream, hour).resolve(String.format("%s-%s-%04d.ndjson%s",
                    stream, LocalDateTime.ofEpochSecond(hour / Times.SECOND, 0, ZoneOffset.UTC).format(STAMP),
                    part++, gzip ? ".gz" : ""));
            Files.createDirectories(path.getParent());
            OutputStream os = Files.newOutputStream(path);
            if (gzip) {
                os = new GZIPOutputStream(os, 1 << 16) {
                    {
                        def.setLevel(Deflater.BEST_SPEED);
                    }
                };
            }
            out = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 20);
            lines = 0;
            stats(stream).files++;
        }

        void close() throws IOException {
            if (out == null) {
                return;
            }
            out.close();
            out = null;
            if (rnd.nextDouble() < rates.redeliver()) {
                long at = hour + (1 + rnd.nextInt(6)) * Times.HOUR;
                redeliveries.computeIfAbsent(at, k -> new ArrayList<>()).add(new Closed(stream, path, lines));
            }
        }
    }

    StreamStats stats(String stream) {
        return stats.computeIfAbsent(stream, s -> new StreamStats());
    }

    Map<String, StreamStats> allStats() {
        return stats;
    }

    private Path folder(String stream, long hourMicros) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(hourMicros / Times.SECOND, 0, ZoneOffset.UTC);
        return root.resolve(stream).resolve("dt=" + t.toLocalDate()).resolve(String.format("hour=%02d", t.getHour()));
    }

    /** Starts arrival hour {@code hourMicros}: late lines due now arrive first. */
    void beginHour(long hourMicros) {
        this.hour = hourMicros;
        List<String[]> due = lateLines.remove(hourMicros);
        if (due != null) {
            for (String[] sl : due) {
                sink(sl[0]).write(sl[1]);
            }
        }
    }

    private Sink sink(String stream) {
        return sinks.computeIfAbsent(stream, Sink::new);
    }

    /** A dimension snapshot row: delivered as is. */
    void dimension(String stream, String line) {
        stats(stream).rows++;
        sink(stream).write(line);
    }

    /** A fact row, subject to every fault. */
    void fact(String stream, String line) {
        StreamStats st = stats(stream);
        st.rows++;
        if (rates.extraField() > 0 && rnd.nextDouble() < rates.extraField()) {
            line = "{\"_shipper\":{\"name\":\"vector\",\"seq\":" + (++extraSeq) + "}," + line.substring(1);
            st.extraFieldRows++;
        }
        if (rates.malformed() > 0 && rnd.nextDouble() < rates.malformed()) {
            int kind = rnd.nextInt(MALFORMED_KINDS.length);
            String bad = corrupt(stream, line, kind);
            if (bad != null) {
                st.malformed[kind]++;
                sinkWrite(stream, bad);
            }
        }
        if (rates.duplicate() > 0 && rnd.nextDouble() < rates.duplicate()) {
            st.duplicateRows++;
            if (rnd.nextBoolean()) {
                hold(stream, line);
            } else {
                lateLines.computeIfAbsent(hour + Times.HOUR, k -> new ArrayList<>()).add(new String[] {stream, line});
            }
        }
        if (rates.late() > 0 && rnd.nextDouble() < rates.late()) {
            st.lateRows++;
            long delayHours = rnd.nextDouble() < 0.7 ? 1 + rnd.nextInt(6) : 24 + rnd.nextInt(49);
            lateLines.computeIfAbsent(hour + delayHours * Times.HOUR, k -> new ArrayList<>()).add(new String[] {stream, line});
            return;
        }
        if (rates.outOfOrder() > 0 && rnd.nextDouble() < rates.outOfOrder()) {
            st.outOfOrderRows++;
            hold(stream, line);
            return;
        }
        sinkWrite(stream, line);
    }

    /** Holds a line back until 1 to 20 later lines of the stream have been written. */
    private void hold(String stream, String line) {
        held.computeIfAbsent(stream, s -> new ArrayDeque<>()).add(new Held(line, new int[] {1 + rnd.nextInt(20)}));
    }

    private void sinkWrite(String stream, String line) {
        Sink s = sink(stream);
        s.write(line);
        ArrayDeque<Held> q = held.get(stream);
        if (q != null && !q.isEmpty()) {
            List<String> release = null;
            for (Iterator<Held> it = q.iterator(); it.hasNext(); ) {
                Held h = it.next();
                if (--h.countdown()[0] <= 0) {
                    it.remove();
                    if (release == null) {
                        release = new ArrayList<>(1);
                    }
                    release.add(h.line());
                }
            }
            if (release != null) {
                release.forEach(s::write);
            }
        }
    }

    private String corrupt(String stream, String line, int kind) {
        String[] fields = CORRUPTIBLE.get(stream);
        if (fields == null) {
            return null;
        }
        switch (kind) {
            case 0: {
                int cut = 10 + rnd.nextInt(Math.max(1, line.length() - 20));
                return line.substring(0, cut);
            }
            case 1: {
                String key = "\"" + fields[0] + "\":";
                int at = line.indexOf(key);
                if (at < 0) {
                    return null;
                }
                int from = at + key.length();
                int to = from;
                while (to < line.length() && (Character.isDigit(line.charAt(to)) || line.charAt(to) == '-')) {
                    to++;
                }
                return to == from ? null : line.substring(0, from) + "\"" + line.substring(from, to) + "\"" + line.substring(to);
            }
            default: {
                String key = "\"" + fields[1] + "\":\"";
                int at = line.indexOf(key);
                if (at < 0) {
                    return null;
                }
                int end = line.indexOf('"', at + key.length()) + 1;
                int cutTo = end < line.length() && line.charAt(end) == ',' ? end + 1 : end;
                int cutFrom = cutTo == end && line.charAt(at - 1) == ',' ? at - 1 : at;
                return line.substring(0, cutFrom) + line.substring(cutTo);
            }
        }
    }

    /** Ends the current arrival hour: releases held lines, closes its files, re-delivers files due now. */
    void endHour() {
        for (Map.Entry<String, ArrayDeque<Held>> e : held.entrySet()) {
            Sink s = sink(e.getKey());
            while (!e.getValue().isEmpty()) {
                s.write(e.getValue().poll().line());
            }
        }
        try {
            for (Sink s : sinks.values()) {
                s.close();
                s.part = 0;
            }
            sinks.clear();
            List<Closed> due = redeliveries.remove(hour);
            if (due != null) {
                for (Closed c : due) {
                    Path to = folder(c.stream(), hour).resolve(c.path().getFileName());
                    Files.createDirectories(to.getParent());
                    Files.copy(c.path(), to);
                    StreamStats st = stats(c.stream());
                    st.redeliveredFiles++;
                    st.redeliveredLines += c.lines();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** After the last simulated hour: keeps going hour by hour until every late line and re-delivery has landed. */
    void drain() {
        while (!lateLines.isEmpty() || !redeliveries.isEmpty()) {
            long next = hour + Times.HOUR;
            beginHour(next);
            endHour();
        }
    }

    long lastArrivalHour() {
        return hour;
    }

    @Override
    public void close() {
        drain();
    }
}
