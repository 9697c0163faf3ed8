package com.coderinsights.dw.core.contract;

import static com.coderinsights.dw.core.contract.FieldSpec.opt;
import static com.coderinsights.dw.core.contract.FieldSpec.req;
import static com.coderinsights.dw.core.contract.FieldType.BIGINT;
import static com.coderinsights.dw.core.contract.FieldType.BOOLEAN;
import static com.coderinsights.dw.core.contract.FieldType.DOUBLE;
import static com.coderinsights.dw.core.contract.FieldType.INET;
import static com.coderinsights.dw.core.contract.FieldType.INTEGER;
import static com.coderinsights.dw.core.contract.FieldType.JSONB_ARRAY;
import static com.coderinsights.dw.core.contract.FieldType.JSONB_COUNTS;
import static com.coderinsights.dw.core.contract.FieldType.JSONB_OBJECT;
import static com.coderinsights.dw.core.contract.FieldType.TEXT;
import static com.coderinsights.dw.core.contract.FieldType.TEXT_ARRAY;
import static com.coderinsights.dw.core.contract.FieldType.TIMESTAMP;
import static com.coderinsights.dw.core.contract.FieldType.TIMESTAMPTZ;
import static com.coderinsights.dw.core.contract.FieldType.UUID;

import com.coderinsights.dw.core.contract.StreamSpec.Kind;
import com.coderinsights.dw.core.contract.StreamSpec.RecordRule;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The raw log contract: one stream per Coder table, with Coder's column names and types
 * (SEMANTICS.md Part B §2). {@code docs/raw-contract.md} is generated from this class
 * ({@link ContractDoc}) and a test keeps the two equal.
 */
public final class RawContract {

    public static final String WORKSPACE_AGENT_STATS = "workspace_agent_stats";
    public static final String WORKSPACE_APP_STATS = "workspace_app_stats";
    public static final String CONNECTION_LOGS = "connection_logs";
    public static final String AUDIT_LOGS = "audit_logs";
    public static final String USERS = "users";
    public static final String ORGANIZATIONS = "organizations";
    public static final String ORGANIZATION_MEMBERS = "organization_members";
    public static final String TEMPLATES = "templates";
    public static final String TEMPLATE_VERSIONS = "template_versions";
    public static final String TEMPLATE_VERSION_PARAMETERS = "template_version_parameters";
    public static final String WORKSPACES = "workspaces";
    public static final String WORKSPACE_BUILDS = "workspace_builds";
    public static final String WORKSPACE_BUILD_PARAMETERS = "workspace_build_parameters";
    public static final String WORKSPACE_RESOURCES = "workspace_resources";
    public static final String WORKSPACE_AGENTS = "workspace_agents";
    public static final String WORKSPACE_APPS = "workspace_apps";
    public static final String GROUPS = "groups";
    public static final String GROUP_MEMBERS = "group_members";

    /** The four fixed session-count columns of the stable (2025) generation of agent stats. */
    public static final List<String> SESSION_COUNT_FIELDS = List.of(
            "session_count_vscode", "session_count_jetbrains", "session_count_reconnecting_pty", "session_count_ssh");

    private static final Map<String, StreamSpec> STREAMS = new LinkedHashMap<>();

    static {
        add(new StreamSpec(WORKSPACE_AGENT_STATS, Kind.FACT,
                "One row per agent report (every 30 s per running agent, idle reports included).",
                List.of(req("id", UUID), req("created_at", TIMESTAMPTZ), req("user_id", UUID), req("agent_id", UUID),
                        req("workspace_id", UUID), req("template_id", UUID), opt("connections_by_proto", JSONB_COUNTS),
                        opt("connection_count", BIGINT), opt("rx_packets", BIGINT), opt("rx_bytes", BIGINT),
                        opt("tx_packets", BIGINT), opt("tx_bytes", BIGINT), opt("connection_median_latency_ms", DOUBLE),
                        opt("session_count_vscode", BIGINT), opt("session_count_jetbrains", BIGINT),
                        opt("session_count_reconnecting_pty", BIGINT), opt("session_count_ssh", BIGINT),
                        opt("session_counts", JSONB_COUNTS), opt("usage", BOOLEAN)),
                List.of("id"), null, "created_at",
                List.of(new RecordRule(
                        "carries session counts of one generation at least: all four session_count_* fields (2025),"
                                + " or the session_counts map (2026)",
                        r -> r.get("session_counts") != null
                                || SESSION_COUNT_FIELDS.stream().allMatch(f -> r.get(f) != null)
                                ? null
                                : "missing session counts: need all of " + String.join(", ", SESSION_COUNT_FIELDS)
                                        + " or session_counts"),
                        nonNegative("connection_count"))));
        add(new StreamSpec(WORKSPACE_APP_STATS, Kind.FACT,
                "One row per app session; an open session is re-sent every 30 s with a growing session_ended_at"
                        + " (the copy with the largest session_ended_at wins, ties to the largest requests).",
                List.of(req("id", BIGINT), req("user_id", UUID), req("workspace_id", UUID), req("agent_id", UUID),
                        req("access_method", TEXT), req("slug_or_port", TEXT), req("session_id", UUID),
                        req("session_started_at", TIMESTAMPTZ), req("session_ended_at", TIMESTAMPTZ),
                        req("requests", INTEGER)),
                List.of("user_id", "agent_id", "session_id"), "session_ended_at", "session_started_at",
                List.of(oneOf("access_method", Set.of("path", "subdomain", "terminal")),
                        new RecordRule("session_ended_at is not before session_started_at",
                                r -> ((Instant) r.get("session_ended_at")).isBefore((Instant) r.get("session_started_at"))
                                        ? "invalid value: session_ended_at is before session_started_at"
                                        : null))));
        add(new StreamSpec(CONNECTION_LOGS, Kind.FACT,
                "Enterprise connection log: one row per connection (ssh, IDE, PTY, app, port), upserted on disconnect.",
                List.of(req("id", UUID), req("connect_time", TIMESTAMPTZ), req("organization_id", UUID),
                        req("workspace_owner_id", UUID), req("workspace_id", UUID), req("workspace_name", TEXT),
                        req("agent_name", TEXT), req("type", TEXT), opt("code", INTEGER), opt("ip", INET),
                        opt("user_agent", TEXT), opt("user_id", UUID), opt("slug_or_port", TEXT),
                        opt("connection_id", UUID), opt("disconnect_time", TIMESTAMPTZ), opt("disconnect_reason", TEXT)),
                List.of("connection_id", "workspace_id", "agent_name"), "disconnect_time", "connect_time", List.of()));
        add(new StreamSpec(AUDIT_LOGS, Kind.FACT,
                "Audit log; the warehouse uses the login actions.",
                List.of(req("id", UUID), req("time", TIMESTAMPTZ), req("user_id", UUID), opt("organization_id", UUID),
                        opt("ip", INET), opt("user_agent", TEXT), req("resource_type", TEXT), req("resource_id", UUID),
                        req("resource_target", TEXT), req("action", TEXT), opt("diff", JSONB_OBJECT),
                        req("status_code", INTEGER), opt("additional_fields", JSONB_OBJECT), opt("request_id", UUID),
                        opt("resource_icon", TEXT)),
                List.of("id"), null, "time", List.of()));
        add(new StreamSpec(USERS, Kind.DIMENSION, "Users (snapshots; the largest updated_at wins).",
                List.of(req("id", UUID), req("email", TEXT), req("username", TEXT), opt("name", TEXT),
                        req("created_at", TIMESTAMPTZ), req("updated_at", TIMESTAMPTZ), req("status", TEXT),
                        opt("rbac_roles", TEXT_ARRAY), opt("login_type", TEXT), opt("avatar_url", TEXT),
                        opt("deleted", BOOLEAN), opt("last_seen_at", TIMESTAMP), opt("quiet_hours_schedule", TEXT),
                        opt("is_system", BOOLEAN)),
                List.of("id"), "updated_at", "updated_at",
                List.of(oneOf("status", Set.of("active", "suspended", "dormant")))));
        add(new StreamSpec(ORGANIZATIONS, Kind.DIMENSION, "Organizations.",
                List.of(req("id", UUID), req("name", TEXT), opt("display_name", TEXT), opt("description", TEXT),
                        opt("icon", TEXT), req("created_at", TIMESTAMPTZ), req("updated_at", TIMESTAMPTZ),
                        opt("is_default", BOOLEAN), opt("deleted", BOOLEAN)),
                List.of("id"), "updated_at", "updated_at", List.of()));
        add(new StreamSpec(ORGANIZATION_MEMBERS, Kind.DIMENSION, "Organization memberships with organization roles.",
                List.of(req("user_id", UUID), req("organization_id", UUID), req("created_at", TIMESTAMPTZ),
                        req("updated_at", TIMESTAMPTZ), opt("roles", TEXT_ARRAY)),
                List.of("organization_id", "user_id"), "updated_at", "updated_at", List.of()));
        add(new StreamSpec(TEMPLATES, Kind.DIMENSION, "Templates.",
                List.of(req("id", UUID), req("created_at", TIMESTAMPTZ), req("updated_at", TIMESTAMPTZ),
                        req("organization_id", UUID), opt("deleted", BOOLEAN), req("name", TEXT), opt("provisioner", TEXT),
                        opt("active_version_id", UUID), opt("description", TEXT), opt("default_ttl", BIGINT),
                        opt("created_by", UUID), opt("icon", TEXT), opt("user_acl", JSONB_OBJECT),
                        opt("group_acl", JSONB_OBJECT), opt("display_name", TEXT),
                        opt("allow_user_cancel_workspace_jobs", BOOLEAN), opt("max_port_sharing_level", TEXT),
                        opt("activity_bump", BIGINT), opt("deprecated", TEXT), opt("require_active_version", BOOLEAN)),
                List.of("id"), "updated_at", "updated_at", List.of()));
        add(new StreamSpec(TEMPLATE_VERSIONS, Kind.DIMENSION, "Template versions.",
                List.of(req("id", UUID), opt("template_id", UUID), req("organization_id", UUID),
                        req("created_at", TIMESTAMPTZ), req("updated_at", TIMESTAMPTZ), req("name", TEXT),
                        opt("readme", TEXT), opt("job_id", UUID), opt("created_by", UUID), opt("message", TEXT),
                        opt("archived", BOOLEAN)),
                List.of("id"), "updated_at", "updated_at", List.of()));
        add(new StreamSpec(TEMPLATE_VERSION_PARAMETERS, Kind.DIMENSION,
                "Parameter definitions of a template version (immutable; the latest arrival wins).",
                List.of(req("template_version_id", UUID), req("name", TEXT), opt("description", TEXT), req("type", TEXT),
                        opt("mutable", BOOLEAN), opt("default_value", TEXT), opt("icon", TEXT), opt("options", JSONB_ARRAY),
                        opt("validation_regex", TEXT), opt("validation_min", INTEGER), opt("validation_max", INTEGER),
                        opt("validation_error", TEXT), opt("validation_monotonic", TEXT), opt("required", BOOLEAN),
                        opt("display_name", TEXT), opt("display_order", INTEGER), opt("ephemeral", BOOLEAN)),
                List.of("template_version_id", "name"), null, null,
                List.of(oneOf("type", Set.of("string", "number", "bool", "list(string)")))));
        add(new StreamSpec(WORKSPACES, Kind.DIMENSION, "Workspaces (soft-deleted ones included).",
                List.of(req("id", UUID), req("created_at", TIMESTAMPTZ), req("updated_at", TIMESTAMPTZ),
                        req("owner_id", UUID), req("organization_id", UUID), req("template_id", UUID),
                        opt("deleted", BOOLEAN), req("name", TEXT), opt("autostart_schedule", TEXT), opt("ttl", BIGINT),
                        opt("last_used_at", TIMESTAMPTZ), opt("dormant_at", TIMESTAMPTZ), opt("deleting_at", TIMESTAMPTZ),
                        opt("automatic_updates", TEXT), opt("favorite", BOOLEAN), opt("next_start_at", TIMESTAMPTZ)),
                List.of("id"), "updated_at", "updated_at", List.of()));
        add(new StreamSpec(WORKSPACE_BUILDS, Kind.DIMENSION, "Workspace builds (start, stop, delete).",
                List.of(req("id", UUID), req("created_at", TIMESTAMPTZ), req("updated_at", TIMESTAMPTZ),
                        req("workspace_id", UUID), req("template_version_id", UUID), req("build_number", INTEGER),
                        req("transition", TEXT), req("initiator_id", UUID), req("job_id", UUID),
                        opt("deadline", TIMESTAMPTZ), opt("reason", TEXT), opt("daily_cost", INTEGER),
                        opt("max_deadline", TIMESTAMPTZ)),
                List.of("id"), "updated_at", "created_at",
                List.of(oneOf("transition", Set.of("start", "stop", "delete")))));
        add(new StreamSpec(WORKSPACE_BUILD_PARAMETERS, Kind.DIMENSION, "Parameter values of a build (immutable).",
                List.of(req("workspace_build_id", UUID), req("name", TEXT), req("value", TEXT)),
                List.of("workspace_build_id", "name"), null, null, List.of()));
        add(new StreamSpec(WORKSPACE_RESOURCES, Kind.DIMENSION, "Resources of a provisioner job (build.job_id to agent).",
                List.of(req("id", UUID), req("created_at", TIMESTAMPTZ), req("job_id", UUID), req("transition", TEXT),
                        req("type", TEXT), req("name", TEXT), opt("hide", BOOLEAN), opt("icon", TEXT),
                        opt("instance_type", TEXT), opt("daily_cost", INTEGER)),
                List.of("id"), null, "created_at", List.of()));
        add(new StreamSpec(WORKSPACE_AGENTS, Kind.DIMENSION, "Workspace agents.",
                List.of(req("id", UUID), req("created_at", TIMESTAMPTZ), req("updated_at", TIMESTAMPTZ),
                        req("name", TEXT), opt("first_connected_at", TIMESTAMPTZ), opt("last_connected_at", TIMESTAMPTZ),
                        opt("disconnected_at", TIMESTAMPTZ), req("resource_id", UUID), opt("architecture", TEXT),
                        opt("operating_system", TEXT), opt("directory", TEXT), opt("version", TEXT),
                        opt("lifecycle_state", TEXT), opt("started_at", TIMESTAMPTZ), opt("ready_at", TIMESTAMPTZ),
                        opt("display_apps", TEXT_ARRAY)),
                List.of("id"), "updated_at", "updated_at", List.of()));
        add(new StreamSpec(WORKSPACE_APPS, Kind.DIMENSION, "Apps of an agent (coder_app).",
                List.of(req("id", UUID), req("created_at", TIMESTAMPTZ), req("agent_id", UUID), opt("display_name", TEXT),
                        opt("icon", TEXT), opt("command", TEXT), opt("url", TEXT), opt("subdomain", BOOLEAN),
                        opt("sharing_level", TEXT), req("slug", TEXT), opt("external", BOOLEAN), opt("hidden", BOOLEAN),
                        opt("display_order", INTEGER), opt("open_in", TEXT), opt("health", TEXT)),
                List.of("id"), null, "created_at", List.of()));
        add(new StreamSpec(GROUPS, Kind.DIMENSION, "Groups (for template ACLs).",
                List.of(req("id", UUID), req("name", TEXT), req("organization_id", UUID), opt("avatar_url", TEXT),
                        opt("quota_allowance", INTEGER), opt("display_name", TEXT), opt("source", TEXT)),
                List.of("id"), null, null, List.of()));
        add(new StreamSpec(GROUP_MEMBERS, Kind.DIMENSION, "Group memberships.",
                List.of(req("user_id", UUID), req("group_id", UUID)),
                List.of("group_id", "user_id"), null, null, List.of()));
    }

    private RawContract() {
    }

    private static void add(StreamSpec spec) {
        STREAMS.put(spec.name(), spec);
    }

    private static RecordRule oneOf(String field, Set<String> allowed) {
        List<String> sorted = allowed.stream().sorted().toList();
        return new RecordRule(field + " is one of " + String.join(", ", sorted),
                r -> {
                    Object v = r.get(field);
                    return v == null || allowed.contains(v)
                            ? null
                            : "invalid value: " + field + " is '" + v + "', expected one of " + String.join(", ", sorted);
                });
    }

    private static RecordRule nonNegative(String field) {
        return new RecordRule(field + " is not negative",
                r -> r.get(field) instanceof Long l && l < 0 ? "invalid value: " + field + " is negative (" + l + ")" : null);
    }

    /** All streams, facts first, in a stable order. */
    public static List<StreamSpec> streams() {
        return List.copyOf(STREAMS.values());
    }

    public static StreamSpec stream(String name) {
        StreamSpec spec = STREAMS.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("unknown stream '" + name + "'; known: " + String.join(", ", STREAMS.keySet()));
        }
        return spec;
    }

    public static boolean isStream(String name) {
        return STREAMS.containsKey(name);
    }
}
