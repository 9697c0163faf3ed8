package com.coderinsights.dw.core.usage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The numbers of one {@code template_usage_stats} row (SEMANTICS.md §12 rules 1-6, 9, 15) from the
 * minute facts of one (half-hour bucket, template, user), fed one at a time in any order:
 * <ul>
 *   <li>agent minutes count only when one of the group's session reports carried a connection (the
 *       gate, rule 3);</li>
 *   <li>usage is the union of the counted agent minutes and the app minutes; each family's minutes are
 *       the distinct counted agent minutes with a session of that family (sftp is always 0);</li>
 *   <li>app minutes are distinct minutes per app name, whatever the access method (Part A 4);</li>
 *   <li>latency is the exact median ({@link #percentileCont}) of the samples of the active minutes.</li>
 * </ul>
 * A minute is any long that is the same for the same minute (the gold job passes epoch microseconds).
 */
public final class BucketUsage {

    private static final int SSH = 1;
    private static final int PTY = 2;
    private static final int VSCODE = 4;
    private static final int JETBRAINS = 8;

    private boolean connected;
    /** Agent minutes, each with the families of its sessions (bits). */
    private final Map<Long, Integer> agentMinutes = new HashMap<>();
    private final Set<Long> appMinutes = new HashSet<>();
    private final Map<String, Set<Long>> minutesByApp = new HashMap<>();
    private final Map<Long, List<double[]>> samplesByMinute = new HashMap<>();

    /**
     * An agent minute fact: a minute with an open session of {@code family}, and the largest connection
     * count of its reports (null: none reported).
     */
    public void agent(long minute, String family, Long maxConnectionCount) {
        agentMinutes.merge(minute, familyBit(family), (a, b) -> a | b);
        if (maxConnectionCount != null && maxConnectionCount > 0) {
            connected = true;
        }
    }

    /** An app minute fact: a minute an app session of {@code appName} overlaps. */
    public void app(long minute, String appName) {
        appMinutes.add(minute);
        minutesByApp.computeIfAbsent(appName, k -> new HashSet<>()).add(minute);
    }

    /** A latency minute fact: the latency samples (all above 0) of a minute's agent reports. */
    public void latency(long minute, double[] samples) {
        samplesByMinute.computeIfAbsent(minute, k -> new ArrayList<>()).add(samples);
    }

    /** The group's numbers, or null when it has no active minute (no row in the gold table). */
    public Result result() {
        Set<Long> active = new HashSet<>(appMinutes);
        int ssh = 0;
        int pty = 0;
        int vscode = 0;
        int jetbrains = 0;
        if (connected) {
            for (Map.Entry<Long, Integer> m : agentMinutes.entrySet()) {
                active.add(m.getKey());
                int f = m.getValue();
                ssh += (f & SSH) != 0 ? 1 : 0;
                pty += (f & PTY) != 0 ? 1 : 0;
                vscode += (f & VSCODE) != 0 ? 1 : 0;
                jetbrains += (f & JETBRAINS) != 0 ? 1 : 0;
            }
        }
        if (active.isEmpty()) {
            return null;
        }
        SortedMap<String, Integer> apps = null;
        if (!minutesByApp.isEmpty()) {
            apps = new TreeMap<>();
            for (Map.Entry<String, Set<Long>> a : minutesByApp.entrySet()) {
                apps.put(a.getKey(), a.getValue().size());
            }
        }
        double[] samples = samplesByMinute.entrySet().stream().filter(m -> active.contains(m.getKey()))
                .flatMap(m -> m.getValue().stream()).flatMapToDouble(Arrays::stream).sorted().toArray();
        Double median = samples.length == 0 ? null : percentileCont(samples, 0.5);
        return new Result(active.size(), ssh, pty, vscode, jetbrains, apps, median);
    }

    /**
     * PostgreSQL's {@code percentile_cont(p)} of sorted values, to the last bit: with {@code pos = p * (n - 1)},
     * {@code lo + (hi - lo) * (pos - floor(pos))}. (Spark's own {@code percentile} interpolates as
     * {@code (ceil - pos) * lo + (pos - floor) * hi}, which differs in the last bit now and then.)
     */
    public static double percentileCont(double[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double pos = p * (sorted.length - 1);
        double lo = sorted[(int) Math.floor(pos)];
        double hi = sorted[(int) Math.ceil(pos)];
        return lo + (hi - lo) * (pos - Math.floor(pos));
    }

    private static int familyBit(String family) {
        if (family == null) {
            return 0;
        }
        return switch (family) {
            case SessionFamilies.SSH -> SSH;
            case SessionFamilies.RECONNECTING_PTY -> PTY;
            case SessionFamilies.VSCODE -> VSCODE;
            case SessionFamilies.JETBRAINS -> JETBRAINS;
            default -> 0;
        };
    }

    /**
     * One gold row's numbers: minutes of usage and per family, minutes per app name (sorted by name; null when
     * the group has no app minute) and the median latency (null when its active minutes have no sample).
     */
    public record Result(int usageMins, int sshMins, int reconnectingPtyMins, int vscodeMins, int jetbrainsMins,
                         SortedMap<String, Integer> appMins, Double medianLatencyMs) {
    }
}
