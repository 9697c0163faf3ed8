package com.coderinsights.dw.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code scripts/simulate}: writes a simulated Coder deployment's raw logs and {@code summary.json}. */
public final class SimulateMain {

    static final String USAGE = """
            usage: scripts/simulate --out DIR [options]

            Writes the raw logs of a simulated Coder deployment into a landing zone
            (DIR/<stream>/dt=YYYY-MM-DD/hour=HH/*.ndjson[.gz]) and DIR/summary.json
            (rows per stream and the exact number of each injected fault).
            The same --seed and options always give the same files.

              --out DIR                 landing zone to write (must be empty or absent)
              --seed N                  random seed (default 1)
              --workspaces N            workspaces (default 50); agents report 2,880 rows a day each
              --users N                 users (default 0.45 per workspace, at least 5)
              --templates N             templates (default 1 per 200 workspaces, 3 to 50)
              --orgs N                  organizations (default 2)
              --days N                  days to simulate (default 1)
              --start YYYY-MM-DD        first day, UTC (default 2026-11-02, a Monday)
              --generation 2025|2026|mixed
                                        agent-stats generation: four session_count_* fields (2025),
                                        the session_counts map (2026), or 80/20 per workspace (default mixed)
              --gzip                    write .ndjson.gz files
              --max-lines-per-file N    lines per file before a new part starts (default 250000)
              --faults on|off           inject faults (default on): duplicate rows, late rows,
                                        out-of-order rows, malformed lines, unknown extra fields,
                                        whole files delivered twice
              --duplicate-rate R --late-rate R --out-of-order-rate R --malformed-rate R
              --extra-field-rate R --redeliver-rate R
                                        fault rates per fact row (redelivery: per file); override --faults
              -h, --help                this text
            """;

    private SimulateMain() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                System.out.print(USAGE);
                return;
            }
            if (a.equals("--gzip")) {
                o.put("gzip", "true");
                continue;
            }
            if (!a.startsWith("--") || i + 1 >= args.length) {
                fail("unexpected argument '" + a + "'");
            }
            o.put(a.substring(2), args[++i]);
        }
        SimConfig cfg;
        try {
            cfg = config(o);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        if (Files.exists(cfg.out())) {
            try (var s = Files.list(cfg.out())) {
                if (s.findAny().isPresent()) {
                    fail("--out " + cfg.out() + " is not empty; simulate into a new folder");
                }
            }
        }
        Files.createDirectories(cfg.out());
        long t0 = System.nanoTime();
        Landing landing = new Simulator(cfg).run();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        Map<String, Object> summary = summary(cfg, landing, took);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(cfg.out().resolve("summary.json").toFile(), summary);
        @SuppressWarnings("unchecked")
        Map<String, Object> totals = (Map<String, Object>) summary.get("totals");
        System.out.printf("simulated %d workspaces x %d days into %s in %.1f s: %s%n", cfg.workspaces(), cfg.days(), cfg.out(),
                took.toMillis() / 1000.0, totals);
    }

    static SimConfig config(Map<String, String> o) {
        Map<String, String> left = new LinkedHashMap<>(o);
        String out = left.remove("out");
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required");
        }
        int workspaces = positive(left, "workspaces", 50);
        int users = positive(left, "users", Math.max(5, (int) Math.round(workspaces * 0.45)));
        int templates = positive(left, "templates", Math.max(3, Math.min(50, workspaces / 200)));
        int orgs = positive(left, "orgs", 2);
        int days = positive(left, "days", 1);
        long seed = Long.parseLong(left.getOrDefault("seed", "1"));
        left.remove("seed");
        LocalDate start = LocalDate.parse(left.getOrDefault("start", SimConfig.DEFAULT_START.toString()));
        left.remove("start");
        boolean gzip = Boolean.parseBoolean(left.getOrDefault("gzip", "false"));
        left.remove("gzip");
        int maxLines = positive(left, "max-lines-per-file", 250_000);
        String gen = left.getOrDefault("generation", "mixed");
        left.remove("generation");
        int generation = switch (gen) {
            case "2025" -> 2025;
            case "2026" -> 2026;
            case "mixed" -> 0;
            default -> throw new IllegalArgumentException("--generation must be 2025, 2026 or mixed, not '" + gen + "'");
        };
        String faults = left.getOrDefault("faults", "on");
        left.remove("faults");
        if (!faults.equals("on") && !faults.equals("off")) {
            throw new IllegalArgumentException("--faults must be on or off, not '" + faults + "'");
        }
        Landing.Rates d = faults.equals("on") ? SimConfig.DEFAULT_FAULTS : Landing.Rates.NONE;
        Landing.Rates rates = new Landing.Rates(rate(left, "duplicate-rate", d.duplicate()), rate(left, "late-rate", d.late()),
                rate(left, "out-of-order-rate", d.outOfOrder()), rate(left, "malformed-rate", d.malformed()),
                rate(left, "extra-field-rate", d.extraField()), rate(left, "redeliver-rate", d.redeliver()));
        if (!left.isEmpty()) {
            throw new IllegalArgumentException("unknown option --" + left.keySet().iterator().next());
        }
        if (users > 0 && orgs > users) {
            throw new IllegalArgumentException("--orgs cannot exceed --users");
        }
        return new SimConfig(seed, Path.of(out), orgs, users, templates, workspaces, days, start, gzip, maxLines, generation, rates);
    }

    private static int positive(Map<String, String> o, String key, int dflt) {
        String v = o.remove(key);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a positive whole number, not '" + v + "'");
        }
    }

    private static double rate(Map<String, String> o, String key, double dflt) {
        String v = o.remove(key);
        if (v == null) {
            return dflt;
        }
        double r;
        try {
            r = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            r = -1;
        }
        if (!(r >= 0 && r <= 1)) {
            throw new IllegalArgumentException("--" + key + " must be a number from 0 to 1, not '" + v + "'");
        }
        return r;
    }

    static Map<String, Object> summary(SimConfig cfg, Landing landing, Duration took) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("seed", cfg.seed());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("orgs", cfg.orgs());
        p.put("users", cfg.users());
        p.put("templates", cfg.templates());
        p.put("workspaces", cfg.workspaces());
        p.put("days", cfg.days());
        p.put("start", cfg.start().toString());
        p.put("generation", cfg.generation() == 0 ? "mixed" : Integer.toString(cfg.generation()));
        p.put("gzip", cfg.gzip());
        p.put("max_lines_per_file", cfg.maxLinesPerFile());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("duplicate", cfg.rates().duplicate());
        r.put("late", cfg.rates().late());
        r.put("out_of_order", cfg.rates().outOfOrder());
        r.put("malformed", cfg.rates().malformed());
        r.put("extra_field", cfg.rates().extraField());
        r.put("redeliver", cfg.rates().redeliver());
        p.put("fault_rates", r);
        s.put("params", p);
        s.put("last_arrival_hour", Times.rfc3339(landing.lastArrivalHour()).substring(0, 13));
        Map<String, Object> streams = new LinkedHashMap<>();
        long[] tot = new long[8];
        for (Map.Entry<String, Landing.StreamStats> e : landing.allStats().entrySet()) {
            Landing.StreamStats st = e.getValue();
            streams.put(e.getKey(), st.toMap());
            tot[0] += st.rows;
            tot[1] += st.linesInFiles + st.redeliveredLines;
            tot[2] += st.linesInFiles - st.malformedTotal();
            tot[3] += st.malformedTotal();
            tot[4] += st.duplicateRows;
            tot[5] += st.lateRows;
            tot[6] += st.redeliveredFiles;
            tot[7] += st.files;
        }
        s.put("streams", streams);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("rows_generated", tot[0]);
        t.put("lines", tot[1]);
        t.put("files", tot[7]);
        t.put("expected_bronze_rows", tot[2]);
        t.put("expected_rejected_lines", tot[3]);
        t.put("duplicate_rows", tot[4]);
        t.put("late_rows", tot[5]);
        t.put("redelivered_files", tot[6]);
        s.put("totals", t);
        s.put("seconds", took.toMillis() / 1000.0);
        return s;
    }

    private static void fail(String message) {
        System.err.println("error: " + message);
        System.err.print(USAGE);
        System.exit(2);
    }
}
