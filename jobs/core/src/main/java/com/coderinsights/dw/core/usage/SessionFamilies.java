package com.coderinsights.dw.core.usage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Session app names and their families (SEMANTICS.md Part A 2 and §10): agent stats of either
 * generation are normalised to per-app session counts, and each app name belongs to one family
 * (vscode, jetbrains, ssh, reconnecting_pty) or to {@code unknown}.
 */
public final class SessionFamilies {

    public static final String VSCODE = "vscode";
    public static final String JETBRAINS = "jetbrains";
    public static final String SSH = "ssh";
    public static final String RECONNECTING_PTY = "reconnecting_pty";
    public static final String UNKNOWN = "unknown";

    /** The families with a minutes column in template_usage_stats, in Coder's column order. */
    public static final List<String> KNOWN = List.of(VSCODE, JETBRAINS, RECONNECTING_PTY, SSH);

    /** The 2025 generation's columns and the app name each one stands for. */
    public static final Map<String, String> STABLE_COLUMNS = Map.of(
            "session_count_vscode", VSCODE,
            "session_count_jetbrains", JETBRAINS,
            "session_count_reconnecting_pty", RECONNECTING_PTY,
            "session_count_ssh", SSH);

    private static final Map<String, String> FAMILY = new LinkedHashMap<>();

    static {
        for (String a : List.of("vscode", "vscode_insiders", "code", "code_insiders", "cursor", "windsurf", "positron",
                "vscodium", "codium", "kiro", "trae", "void")) {
            FAMILY.put(a, VSCODE);
        }
        for (String a : List.of("jetbrains", "jetbrains_gateway", "gateway", "intellij", "intellij_idea", "pycharm", "goland",
                "webstorm", "rider", "clion", "phpstorm", "rubymine", "datagrip", "rustrover", "fleet", "toolbox")) {
            FAMILY.put(a, JETBRAINS);
        }
        FAMILY.put("ssh", SSH);
        FAMILY.put("reconnecting_pty", RECONNECTING_PTY);
    }

    private SessionFamilies() {
    }

    /** Coder's normalisation of a reported app name: lower case, '-' to '_', at most 64 characters. */
    public static String normalize(String appName) {
        String n = appName.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return n.codePointCount(0, n.length()) > 64 ? n.substring(0, n.offsetByCodePoints(0, 64)) : n;
    }

    /** The family of a normalised app name; {@code unknown} when it is not registered. */
    public static String familyOf(String normalizedAppName) {
        return FAMILY.getOrDefault(normalizedAppName, UNKNOWN);
    }

    /** Every registered app name and its family, for use as a lookup table. */
    public static Map<String, String> registry() {
        return java.util.Collections.unmodifiableMap(FAMILY);
    }

    /**
     * Normalises a 2026-generation {@code session_counts} map: names normalised, counts of names that
     * normalise alike added up, zero counts dropped. Sorted by name, so equal input gives equal output.
     */
    public static Map<String, Long> normalizeCounts(Map<String, Long> counts) {
        java.util.TreeMap<String, Long> out = new java.util.TreeMap<>();
        if (counts != null) {
            counts.forEach((k, v) -> {
                if (k != null && v != null && v > 0) {
                    out.merge(normalize(k), v, Long::sum);
                }
            });
        }
        return out;
    }
}
