package com.coderinsights.dw.core.usage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Coder's v1 activity (SEMANTICS.md Part A 6) of one user in one hour, from the minute facts of that
 * hour, fed one at a time in any order: per organization (the template's) and category the distinct
 * active minutes, and the same over the whole deployment. Agent minutes count after the half-hour
 * connection gate, as in template_usage_stats; an agent session of an unknown family is in no
 * category. {@code any} is the union of the categories' minutes. Logins are counted elsewhere.
 * A minute is any long that is the same for the same minute.
 */
public final class HourActivity {

    public static final String IDE = "ide";
    public static final String TUNNEL = "tunnel";
    public static final String WEB_TERMINAL = "web_terminal";
    public static final String APP = "app";
    public static final String ANY = "any";

    private final Map<String, String> organizationOfTemplate;
    private final Set<String> webIdeSlugs;
    /** Half-hour buckets and templates whose session reports carried a connection (the gate), as "bucket/template". */
    private final Set<String> connected = new HashSet<>();
    private final List<AgentMinute> agentMinutes = new ArrayList<>();
    private final List<Minute> minutes = new ArrayList<>();

    private record AgentMinute(String gate, Minute minute) {
    }

    private record Minute(long minute, String organizationId, String category) {
    }

    /**
     * @param organizationOfTemplate each known template's organization (a template it does not know counts in the
     *                               deployment's rows only)
     * @param webIdeSlugs            the app names that count as {@code ide}
     */
    public HourActivity(Map<String, String> organizationOfTemplate, Set<String> webIdeSlugs) {
        this.organizationOfTemplate = organizationOfTemplate;
        this.webIdeSlugs = webIdeSlugs;
    }

    /** An agent minute fact of the half-hour {@code bucket}: an open session of {@code family} in the minute. */
    public void agent(long bucket, String templateId, long minute, String family, Long maxConnectionCount) {
        String gate = bucket + "/" + templateId;
        if (maxConnectionCount != null && maxConnectionCount > 0) {
            connected.add(gate);
        }
        String category = agentCategory(family);
        if (category != null) {
            agentMinutes.add(new AgentMinute(gate, new Minute(minute, organizationOfTemplate.get(templateId), category)));
        }
    }

    /** An app minute fact: a minute an app session of {@code appName} overlaps. */
    public void app(String templateId, long minute, String appName) {
        minutes.add(new Minute(minute, organizationOfTemplate.get(templateId), appCategory(appName)));
    }

    /** The hour's counts: per known organization and category, per known organization ({@code any}), and the deployment's. */
    public List<Count> counts() {
        List<Minute> all = new ArrayList<>(minutes);
        for (AgentMinute a : agentMinutes) {
            if (connected.contains(a.gate())) {
                all.add(a.minute());
            }
        }
        Map<String, Map<String, Set<Long>>> byOrganization = new HashMap<>();
        Map<String, Set<Long>> deployment = new HashMap<>();
        for (Minute m : all) {
            if (m.organizationId() != null) {
                Map<String, Set<Long>> org = byOrganization.computeIfAbsent(m.organizationId(), k -> new HashMap<>());
                org.computeIfAbsent(m.category(), k -> new HashSet<>()).add(m.minute());
                org.computeIfAbsent(ANY, k -> new HashSet<>()).add(m.minute());
            }
            deployment.computeIfAbsent(m.category(), k -> new HashSet<>()).add(m.minute());
            deployment.computeIfAbsent(ANY, k -> new HashSet<>()).add(m.minute());
        }
        List<Count> out = new ArrayList<>();
        byOrganization.forEach((org, categories) -> categories.forEach((c, ms) -> out.add(new Count(org, c, ms.size()))));
        deployment.forEach((c, ms) -> out.add(new Count(null, c, ms.size())));
        return out;
    }

    private static String agentCategory(String family) {
        if (family == null) {
            return null;
        }
        return switch (family) {
            case SessionFamilies.SSH, SessionFamilies.VSCODE, SessionFamilies.JETBRAINS -> TUNNEL;
            case SessionFamilies.RECONNECTING_PTY -> WEB_TERMINAL;
            default -> null;
        };
    }

    private String appCategory(String appName) {
        if (appName != null && webIdeSlugs.contains(appName)) {
            return IDE;
        }
        return "[terminal]".equals(appName) ? WEB_TERMINAL : APP;
    }

    /** The distinct minutes of an organization (null: the whole deployment) in a category. */
    public record Count(String organizationId, String category, long minutes) {
    }
}
