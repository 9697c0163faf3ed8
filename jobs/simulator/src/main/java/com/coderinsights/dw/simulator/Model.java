package com.coderinsights.dw.simulator;

import java.util.ArrayList;
import java.util.List;

/** The simulated deployment's entities, as the simulator keeps them in memory (small: per entity, not per row). */
final class Model {

    private Model() {
    }

    record Org(String id, String name, String displayName, long createdAt, boolean isDefault) {
    }

    record Group(String id, Org org, String name, List<User> members) {
    }

    /** IDE kinds of agent sessions, in the order of Coder's session_count_* columns. */
    enum Ide {
        VSCODE("session_count_vscode", "vscode", "vscode"),
        JETBRAINS("session_count_jetbrains", "jetbrains", "jetbrains"),
        RECONNECTING_PTY("session_count_reconnecting_pty", "reconnecting_pty", "reconnecting_pty"),
        SSH("session_count_ssh", "ssh", "ssh");

        final String column;
        final String appName;
        final String connectionType;

        Ide(String column, String appName, String connectionType) {
            this.column = column;
            this.appName = appName;
            this.connectionType = connectionType;
        }
    }

    static final class User {
        int idx;
        String id;
        String username;
        String email;
        String name;
        String status;
        List<String> siteRoles;
        String avatarUrl;
        long createdAt;
        int tzOffsetMinutes;
        double latencyMedianMs;
        Ide preferredIde;
        /** In the 2026 generation, the app name this user's VS Code-family IDE reports (vscode, cursor, windsurf). */
        String vscodeFlavour;
        double weekdayWorkProbability;
        final List<Org> orgs = new ArrayList<>();
        final List<Workspace> workspaces = new ArrayList<>();
        String ip;

        boolean active() {
            return status.equals("active");
        }
    }

    record Param(String name, String type, String displayName, String description, String optionsJson,
                 List<String> optionValues, boolean mutable, String defaultValue, Integer min, Integer max) {
    }

    record Version(String id, String name, long createdAt, String jobId, List<Param> params) {
    }

    record AppDef(String slug, String displayName, String icon, boolean subdomain, String url) {
    }

    static final class Template {
        String id;
        Org org;
        String name;
        String displayName;
        String icon;
        long createdAt;
        User createdBy;
        final List<Version> versions = new ArrayList<>();
        final List<AppDef> apps = new ArrayList<>();
        String userAclJson;
        String groupAclJson;

        Version activeVersion() {
            return versions.get(versions.size() - 1);
        }
    }

    /** One build with the resource, agent and apps it created. */
    record Build(String id, int number, long createdAt, String transition, Version version, User initiator,
                 String jobId, String resourceId, String agentId, List<String[]> paramValues) {
    }

    static final class Workspace {
        int idx;
        String id;
        String name;
        User owner;
        Template template;
        long createdAt;
        boolean running;
        /** 2025 (four session_count_* fields) or 2026 (session_counts map). */
        int generation;
        long phaseMicros;
        final List<Build> builds = new ArrayList<>();
        String agentId;
        /** A rebuild inside the simulated range: the agent changes at {@code rebuildAt}. */
        long rebuildAt = Long.MAX_VALUE;
        Build pendingBuild;
        final List<Activity> activities = new ArrayList<>();
        java.util.SplittableRandom rnd;
        long lastUsedAt;
    }

    enum Kind { IDE, APP, APP_SHORT }

    /** Something a user does in a workspace over [start, end). */
    static final class Activity {
        Kind kind;
        Ide ide;
        long start;
        long end;
        /** IDE: whether the half hour carries tailnet traffic (false: sessions but no connection). */
        boolean connected = true;
        /** APP: access method, slug or port, accessing user, session id, total requests. */
        String accessMethod;
        String slugOrPort;
        User user;
        String sessionId;
        int requests;
        long appRowId = -1;
        /** The agent the app session was first reported on (a rebuild mid-session does not move it). */
        String agentId;
        long lastReport = Long.MIN_VALUE;
        boolean done;
    }
}
