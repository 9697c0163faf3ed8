package com.coderinsights.dw.simulator;

import com.coderinsights.dw.simulator.Model.Activity;
import com.coderinsights.dw.simulator.Model.AppDef;
import com.coderinsights.dw.simulator.Model.Build;
import com.coderinsights.dw.simulator.Model.Group;
import com.coderinsights.dw.simulator.Model.Ide;
import com.coderinsights.dw.simulator.Model.Kind;
import com.coderinsights.dw.simulator.Model.Org;
import com.coderinsights.dw.simulator.Model.Param;
import com.coderinsights.dw.simulator.Model.Template;
import com.coderinsights.dw.simulator.Model.User;
import com.coderinsights.dw.simulator.Model.Version;
import com.coderinsights.dw.simulator.Model.Workspace;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A simulated Coder deployment, written hour by hour into a landing zone. Memory grows with the
 * number of entities, not rows: 10,000 workspaces for a day (about 28 million agent-stat rows)
 * stream through a few hundred MB.
 *
 * <p>What it models (SEMANTICS.md Part B §2): agents report every 30 s while their workspace runs,
 * idle reports included; IDE sessions follow each user's working hours, time zone and weekdays;
 * app sessions are re-reported every 30 s with a growing {@code session_ended_at} and short ones are
 * merged per minute; logins land in the audit log, connections in the connection log; each user has
 * a latency drawn from a log-normal distribution (a few far away, over 300 ms), -1 when no peer answered.
 */
public final class Simulator {

    private static final String[] TEMPLATE_NAMES = {"docker-dev", "k8s-python", "gpu-ml", "jetbrains-java", "go-service",
        "rust-dev", "data-science", "node-frontend", "android", "dotnet-api", "aws-devbox", "gcp-vm", "azure-linux",
        "ubuntu-base", "cpp-toolchain", "scala-spark", "php-web", "ruby-rails", "elixir", "bazel-monorepo"};
    private static final String[] ORG_NAMES = {"coder", "platform", "research", "contractors", "finance", "mobile"};
    private static final String[] FIRST = {"ada", "alan", "grace", "linus", "margaret", "dennis", "barbara", "ken",
        "frances", "john", "radia", "guido", "sophie", "bjarne", "anita", "james", "lynn", "donald", "hedy", "tim"};
    private static final String[] LAST = {"lovelace", "turing", "hopper", "torvalds", "hamilton", "ritchie", "liskov",
        "thompson", "allen", "backus", "perlman", "rossum", "wilson", "stroustrup", "borg", "gosling", "conway", "knuth"};
    private static final int[] TZ_OFFSETS_MIN = {-480, -480, -300, -300, -300, 0, 0, 60, 60, 330, 480};
    private static final String[] PORTS = {"8080", "3000", "5173", "8888"};

    private final SimConfig cfg;
    private final Landing landing;
    private final Json json = new Json();
    private final List<Org> orgs = new ArrayList<>();
    private final List<Group> groups = new ArrayList<>();
    private final List<User> users = new ArrayList<>();
    private final List<Template> templates = new ArrayList<>();
    private final List<Workspace> workspaces = new ArrayList<>();
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private final long startMicros;
    private final long endMicros;
    private long appStatsSeq = 1000;
    private long eventSeq;

    /** A row to land at a point in time (logins, connection logs, dimension changes). */
    private record Event(long at, long seq, String stream, String line, boolean fact) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    public Simulator(SimConfig cfg) {
        this.cfg = cfg;
        this.landing = new Landing(cfg.out(), cfg.gzip(), cfg.maxLinesPerFile(), cfg.rates(), cfg.seed());
        this.startMicros = Times.micros(cfg.start());
        this.endMicros = Times.micros(cfg.end());
    }

    private static SplittableRandom rnd(long seed, long... parts) {
        long h = seed * 0x9E3779B97F4A7C15L;
        for (long p : parts) {
            h = (h ^ p) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return new SplittableRandom(h);
    }

    /** Runs the whole simulation and returns the landing counters. */
    public Landing run() {
        buildDeployment();
        landing.beginHour(startMicros);
        emitSnapshot();
        for (long hour = startMicros; hour < endMicros; hour += Times.HOUR) {
            if (hour != startMicros) {
                landing.beginHour(hour);
            }
            if ((hour - startMicros) % Times.DAY == 0) {
                startDay(hour);
            }
            simulateHour(hour);
            landing.endHour();
        }
        landing.drain();
        return landing;
    }

    // ---------------------------------------------------------------- the deployment

    private void buildDeployment() {
        SplittableRandom r = rnd(cfg.seed(), 1);
        for (int i = 0; i < cfg.orgs(); i++) {
            String name = i < ORG_NAMES.length ? ORG_NAMES[i] : "org-" + i;
            Org org = new Org(Ids.uuid(r), name, Character.toUpperCase(name.charAt(0)) + name.substring(1),
                    startMicros - (500L - i * 20) * Times.DAY, i == 0);
            orgs.add(org);
        }
        for (int i = 0; i < cfg.users(); i++) {
            User u = new User();
            u.idx = i;
            u.id = Ids.uuid(r);
            String first = FIRST[r.nextInt(FIRST.length)];
            String last = LAST[r.nextInt(LAST.length)];
            u.username = first + "." + last + (i + 1);
            u.email = u.username + "@example.com";
            u.name = Character.toUpperCase(first.charAt(0)) + first.substring(1) + " "
                    + Character.toUpperCase(last.charAt(0)) + last.substring(1);
            double s = r.nextDouble();
            u.status = i == 0 || s < 0.88 ? "active" : s < 0.94 ? "dormant" : "suspended";
            double roleDraw = r.nextDouble();
            u.siteRoles = i == 0 ? List.of("owner")
                    : roleDraw < 0.02 ? List.of("template-admin")
                    : roleDraw < 0.03 ? List.of("user-admin")
                    : roleDraw < 0.04 ? List.of("auditor") : List.of();
            u.avatarUrl = r.nextDouble() < 0.8 ? "https://avatars.githubusercontent.com/u/" + (100000 + r.nextInt(9_000_000)) + "?v=4" : "";
            u.createdAt = startMicros - (10 + r.nextInt(400)) * Times.DAY - r.nextLong(Times.DAY);
            u.tzOffsetMinutes = TZ_OFFSETS_MIN[r.nextInt(TZ_OFFSETS_MIN.length)];
            boolean far = r.nextDouble() < 0.05;
            u.latencyMedianMs = far ? 300 + r.nextDouble() * 150 : Math.exp(Math.log(25) + 0.6 * r.nextGaussian());
            double ide = r.nextDouble();
            u.preferredIde = ide < 0.55 ? Ide.VSCODE : ide < 0.80 ? Ide.JETBRAINS : ide < 0.95 ? Ide.SSH : Ide.RECONNECTING_PTY;
            double flavour = r.nextDouble();
            u.vscodeFlavour = flavour < 0.7 ? "vscode" : flavour < 0.9 ? "cursor" : "windsurf";
            u.weekdayWorkProbability = 0.7 + 0.25 * r.nextDouble();
            u.ip = "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
            u.orgs.add(orgs.get(0));
            for (int o = 1; o < orgs.size(); o++) {
                if (r.nextDouble() < 0.4) {
                    u.orgs.add(orgs.get(o));
                }
            }
            users.add(u);
        }
        for (Org org : orgs) {
            for (int g = 0; g < 2; g++) {
                List<User> members = new ArrayList<>();
                for (User u : users) {
                    if (u.orgs.contains(org) && r.nextDouble() < 0.3) {
                        members.add(u);
                    }
                }
                groups.add(new Group(Ids.uuid(r), org, org.name() + "-team-" + (char) ('a' + g), members));
            }
        }
        for (int i = 0; i < cfg.templates(); i++) {
            templates.add(template(i, r));
        }
        for (int i = 0; i < cfg.workspaces(); i++) {
            workspaces.add(workspace(i, r));
        }
    }

    private Template template(int i, SplittableRandom r) {
        Template t = new Template();
        t.id = Ids.uuid(r);
        t.org = orgs.get(i % orgs.size());
        String base = TEMPLATE_NAMES[i % TEMPLATE_NAMES.length];
        t.name = i < TEMPLATE_NAMES.length ? base : base + "-" + (i / TEMPLATE_NAMES.length + 1);
        t.displayName = t.name.replace('-', ' ');
        t.icon = "/icon/" + base.split("-")[0] + ".svg";
        // a third of the templates are young: created less than five weeks before the end of the range
        boolean young = i % 3 == 2;
        long created = young ? endMicros - (8 + r.nextInt(27)) * Times.DAY : startMicros - (40 + r.nextInt(300)) * Times.DAY;
        t.createdAt = Math.min(created, startMicros - Times.DAY) - r.nextLong(Times.HOUR);
        t.createdBy = users.get(0);
        int nVersions = 1 + r.nextInt(3);
        for (int v = 0; v < nVersions; v++) {
            long vc = t.createdAt + v * (startMicros - t.createdAt) / (nVersions + 1);
            t.versions.add(new Version(Ids.uuid(r), "v1." + v + "." + r.nextInt(10), vc, Ids.uuid(r), params(base, v, r)));
        }
        t.apps.add(new AppDef("code-server", "code-server", "/icon/code.svg", false,
                "http://localhost:13337/?folder=/home/coder"));
        if (base.contains("ml") || base.contains("data") || base.contains("python")) {
            t.apps.add(new AppDef("jupyter", "Jupyter", "/icon/jupyter.svg", true, "http://localhost:8888"));
        }
        if (i % 2 == 0) {
            t.apps.add(new AppDef("filebrowser", "File Browser", "/icon/filebrowser.svg", true, "http://localhost:13339"));
        }
        if (i % 4 == 1) {
            t.apps.add(new AppDef("grafana", "Grafana", "/icon/grafana.svg", false, "http://localhost:3001"));
        }
        if (base.startsWith("jetbrains") || base.startsWith("android")) {
            t.apps.add(new AppDef("jetbrains-gateway", "JetBrains Gateway", "/icon/gateway.svg", false, "jetbrains-gateway://connect"));
        }
        Group everyone = null;
        for (Group g : groups) {
            if (g.org() == t.org) {
                everyone = g;
                break;
            }
        }
        // Coder's "Everyone" group has the organization's id; most templates grant it use, a few are team-only.
        t.groupAclJson = i % 5 == 4 && everyone != null
                ? "{" + Json.literal(everyone.id()) + ":[\"read\",\"use\"]}"
                : "{" + Json.literal(t.org.id()) + ":[\"read\",\"use\"]}";
        User aclAdmin = users.get(r.nextInt(users.size()));
        t.userAclJson = i % 3 == 0 ? "{" + Json.literal(aclAdmin.id) + ":[\"*\"]}" : "{}";
        return t;
    }

    private static String options(String... nameValue) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < nameValue.length; i += 2) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"name\":").append(Json.literal(nameValue[i])).append(",\"description\":\"\",\"value\":")
                    .append(Json.literal(nameValue[i + 1])).append(",\"icon\":\"\"}");
        }
        return b.append(']').toString();
    }

    private static List<Param> params(String base, int version, SplittableRandom r) {
        List<Param> p = new ArrayList<>();
        boolean apac = version >= 1;
        p.add(new Param("region", "string", "Region", "Where the workspace runs",
                apac ? options("Europe", "eu", "US East", "us-east", "US West", "us-west", "Asia Pacific", "ap")
                        : options("Europe", "eu", "US East", "us-east", "US West", "us-west"),
                apac ? List.of("eu", "us-east", "us-west", "ap") : List.of("eu", "us-east", "us-west"), false, "eu", null, null));
        p.add(new Param("cpu", "number", "CPU cores", "", options("2 cores", "2", "4 cores", "4", "8 cores", "8"),
                List.of("2", "4", "8"), true, "4", null, null));
        p.add(new Param("disk_size", "number", "Disk size (GB)", "Home volume size", null, List.of(), false, "50", 10, 200));
        p.add(new Param("dotfiles_uri", "string", "Dotfiles", "A dotfiles repository to install", null, List.of(), true, "", null, null));
        if (base.contains("ml") || base.contains("data") || base.contains("python")) {
            p.add(new Param("use_gpu", "bool", "GPU", "Attach a GPU", null, List.of("true", "false"), true, "false", null, null));
            p.add(new Param("frameworks", "list(string)", "Frameworks", "Preinstalled frameworks",
                    options("PyTorch", "pytorch", "TensorFlow", "tensorflow", "JAX", "jax"),
                    List.of("pytorch", "tensorflow", "jax"), true, "[\"pytorch\"]", null, null));
        }
        p.add(new Param("vscode_extensions", "list(string)", "Extensions", "VS Code extensions to install", null,
                List.of(), true, "[]", null, null));
        return p;
    }

    private static String paramValue(Param p, SplittableRandom r) {
        switch (p.type()) {
            case "number":
                return p.optionValues().isEmpty()
                        ? Integer.toString(p.min() + 10 * r.nextInt((p.max() - p.min()) / 10 + 1))
                        : p.optionValues().get(r.nextInt(p.optionValues().size()));
            case "bool":
                return r.nextDouble() < 0.2 ? "true" : "false";
            case "list(string)": {
                List<String> pool = p.optionValues().isEmpty()
                        ? List.of("ms-python.python", "golang.go", "rust-lang.rust-analyzer", "esbenp.prettier-vscode")
                        : p.optionValues();
                StringBuilder b = new StringBuilder("[");
                int n = r.nextInt(pool.size() + 1);
                for (int i = 0; i < n; i++) {
                    b.append(i > 0 ? "," : "").append(Json.literal(pool.get(i)));
                }
                return b.append(']').toString();
            }
            default:
                if (!p.optionValues().isEmpty()) {
                    return p.optionValues().get(r.nextInt(p.optionValues().size()));
                }
                return r.nextDouble() < 0.4 ? "https://github.com/dev" + r.nextInt(1000) + "/dotfiles" : "";
        }
    }

    private Workspace workspace(int i, SplittableRandom r) {
        Workspace w = new Workspace();
        w.idx = i;
        w.rnd = rnd(cfg.seed(), 2, i);
        w.id = Ids.uuid(r);
        w.owner = i < users.size() ? users.get(i) : users.get(r.nextInt(users.size()));
        List<Template> allowed = new ArrayList<>();
        for (Template t : templates) {
            if (w.owner.orgs.contains(t.org)) {
                allowed.add(t);
            }
        }
        w.template = allowed.isEmpty() ? templates.get(0) : allowed.get(r.nextInt(allowed.size()));
        w.name = w.template.name.split("-")[0] + "-" + (w.owner.workspaces.size() + 1);
        w.createdAt = w.template.createdAt + (long) (r.nextDouble() * (startMicros - Times.HOUR - w.template.createdAt));
        w.running = r.nextDouble() < 0.97;
        w.generation = cfg.generation() != 0 ? cfg.generation() : (r.nextDouble() < 0.8 ? 2025 : 2026);
        w.phaseMicros = r.nextLong(30 * Times.SECOND);
        w.lastUsedAt = w.createdAt;
        w.owner.workspaces.add(w);
        Version v = w.template.activeVersion();
        for (Version cand : w.template.versions) {
            if (cand.createdAt() <= w.createdAt) {
                v = cand;
            }
        }
        Build first = build(w, 1, w.createdAt, "start", v, r);
        w.builds.add(first);
        w.agentId = first.agentId();
        if (!w.running) {
            w.builds.add(build(w, 2, w.createdAt + (long) (r.nextDouble() * (startMicros - w.createdAt)), "stop", v, r));
        } else if (r.nextDouble() < 0.15 && cfg.days() > 0) {
            long at = startMicros + r.nextLong(endMicros - startMicros);
            w.pendingBuild = build(w, 2, at, "start", w.template.activeVersion(), r);
            w.rebuildAt = at;
        }
        return w;
    }

    private Build build(Workspace w, int number, long at, String transition, Version v, SplittableRandom r) {
        List<String[]> values = new ArrayList<>();
        for (Param p : v.params()) {
            values.add(new String[] {p.name(), paramValue(p, r)});
        }
        return new Build(Ids.uuid(r), number, at, transition, v, w.owner, Ids.uuid(r),
                transition.equals("start") ? Ids.uuid(r) : null, transition.equals("start") ? Ids.uuid(r) : null, values);
    }

    // ---------------------------------------------------------------- dimension rows

    private void emitSnapshot() {
        for (Org o : orgs) {
            landing.dimension("organizations", json.begin().str("id", o.id()).str("name", o.name())
                    .str("display_name", o.displayName()).str("description", "").str("icon", "")
                    .ts("created_at", o.createdAt()).ts("updated_at", o.createdAt()).bool("is_default", o.isDefault())
                    .bool("deleted", false).end());
        }
        for (Group g : groups) {
            landing.dimension("groups", json.begin().str("id", g.id()).str("name", g.name())
                    .str("organization_id", g.org().id()).str("avatar_url", "").num("quota_allowance", 0)
                    .str("display_name", g.name()).str("source", "user").end());
            for (User u : g.members()) {
                landing.dimension("group_members", json.begin().str("user_id", u.id).str("group_id", g.id()).end());
            }
        }
        for (User u : users) {
            landing.dimension("users", userRow(u, u.createdAt + Times.HOUR, u.createdAt + Times.DAY));
            SplittableRandom r = rnd(cfg.seed(), 3, u.idx);
            for (Org o : u.orgs) {
                double d = r.nextDouble();
                List<String> roles = d < 0.03 ? List.of("organization-admin")
                        : d < 0.06 ? List.of("organization-template-admin")
                        : d < 0.08 ? List.of("organization-auditor")
                        : d < 0.10 ? List.of("organization-user-admin") : List.of();
                landing.dimension("organization_members", json.begin().str("user_id", u.id).str("organization_id", o.id())
                        .ts("created_at", u.createdAt).ts("updated_at", u.createdAt).strArray("roles", roles).end());
            }
        }
        for (Template t : templates) {
            for (Version v : t.versions) {
                landing.dimension("template_versions", json.begin().str("id", v.id()).str("template_id", t.id)
                        .str("organization_id", t.org.id()).ts("created_at", v.createdAt()).ts("updated_at", v.createdAt())
                        .str("name", v.name()).str("readme", "# " + t.name).str("job_id", v.jobId())
                        .str("created_by", t.createdBy.id).str("message", "").bool("archived", false).end());
                int order = 0;
                for (Param p : v.params()) {
                    json.begin().str("template_version_id", v.id()).str("name", p.name()).str("description", p.description())
                            .str("type", p.type()).bool("mutable", p.mutable()).str("default_value", p.defaultValue())
                            .str("icon", "").raw("options", p.optionsJson() == null ? "[]" : p.optionsJson())
                            .str("validation_regex", "");
                    if (p.min() != null) {
                        json.num("validation_min", p.min()).num("validation_max", p.max());
                    } else {
                        json.nul("validation_min").nul("validation_max");
                    }
                    landing.dimension("template_version_parameters", json.str("validation_error", "")
                            .str("validation_monotonic", "").bool("required", false).str("display_name", p.displayName())
                            .num("display_order", order++).bool("ephemeral", false).end());
                }
            }
            landing.dimension("templates", templateRow(t));
        }
        for (Workspace w : workspaces) {
            for (Build b : w.builds) {
                emitBuild(w, b, false);
            }
            landing.dimension("workspaces", workspaceRow(w, w.builds.get(w.builds.size() - 1).createdAt()));
        }
    }

    private String userRow(User u, long updatedAt, long lastSeen) {
        return json.begin().str("id", u.id).str("email", u.email).str("username", u.username).str("name", u.name)
                .ts("created_at", u.createdAt).ts("updated_at", updatedAt).str("status", u.status)
                .strArray("rbac_roles", u.siteRoles).str("login_type", "oidc").str("avatar_url", u.avatarUrl)
                .bool("deleted", false).str("last_seen_at", Times.rfc3339(lastSeen).substring(0, 26))
                .str("quiet_hours_schedule", "").bool("is_system", false).end();
    }

    private String templateRow(Template t) {
        return json.begin().str("id", t.id).ts("created_at", t.createdAt).ts("updated_at", t.activeVersion().createdAt())
                .str("organization_id", t.org.id()).bool("deleted", false).str("name", t.name).str("provisioner", "terraform")
                .str("active_version_id", t.activeVersion().id()).str("description", "Workspaces for " + t.displayName)
                .num("default_ttl", 8 * 3600_000_000_000L).str("created_by", t.createdBy.id).str("icon", t.icon)
                .raw("user_acl", t.userAclJson).raw("group_acl", t.groupAclJson).str("display_name", t.displayName)
                .bool("allow_user_cancel_workspace_jobs", false).str("max_port_sharing_level", "owner")
                .num("activity_bump", 3600_000_000_000L).str("deprecated", "").bool("require_active_version", false).end();
    }

    private String workspaceRow(Workspace w, long updatedAt) {
        return json.begin().str("id", w.id).ts("created_at", w.createdAt).ts("updated_at", updatedAt)
                .str("owner_id", w.owner.id).str("organization_id", w.template.org.id()).str("template_id", w.template.id)
                .bool("deleted", false).str("name", w.name).str("autostart_schedule", "CRON_TZ=UTC 0 8 * * 1-5")
                .num("ttl", 8 * 3600_000_000_000L).ts("last_used_at", w.lastUsedAt).nul("dormant_at").nul("deleting_at")
                .str("automatic_updates", "never").bool("favorite", false).nul("next_start_at").end();
    }

    /** The rows one build writes: the build, its parameter values and, for a start, its resource, agent and apps. */
    private void emitBuild(Workspace w, Build b, boolean asEvents) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"workspace_builds", json.begin().str("id", b.id()).ts("created_at", b.createdAt())
                .ts("updated_at", b.createdAt() + 40 * Times.SECOND).str("workspace_id", w.id)
                .str("template_version_id", b.version().id()).num("build_number", b.number()).str("transition", b.transition())
                .str("initiator_id", b.initiator().id).str("job_id", b.jobId()).nul("deadline")
                .str("reason", b.number() == 1 ? "initiator" : "autostart").num("daily_cost", 0).nul("max_deadline").end()});
        for (String[] pv : b.paramValues()) {
            rows.add(new String[] {"workspace_build_parameters", json.begin().str("workspace_build_id", b.id())
                    .str("name", pv[0]).str("value", pv[1]).end()});
        }
        if (b.agentId() != null) {
            long t = b.createdAt() + 20 * Times.SECOND;
            rows.add(new String[] {"workspace_resources", json.begin().str("id", b.resourceId()).ts("created_at", t)
                    .str("job_id", b.jobId()).str("transition", "start").str("type", "docker_container").str("name", "workspace")
                    .bool("hide", false).str("icon", "").str("instance_type", "").num("daily_cost", 0).end()});
            rows.add(new String[] {"workspace_agents", json.begin().str("id", b.agentId()).ts("created_at", t)
                    .ts("updated_at", t + 30 * Times.SECOND).str("name", "main").ts("first_connected_at", t + 25 * Times.SECOND)
                    .ts("last_connected_at", t + 25 * Times.SECOND).nul("disconnected_at").str("resource_id", b.resourceId())
                    .str("architecture", "amd64").str("operating_system", "linux").str("directory", "/home/coder")
                    .str("version", "v2.18.5").str("lifecycle_state", "ready").ts("started_at", t + 25 * Times.SECOND)
                    .ts("ready_at", t + 30 * Times.SECOND)
                    .strArray("display_apps", List.of("vscode", "vscode_insiders", "web_terminal", "ssh_helper", "port_forwarding_helper"))
                    .end()});
            SplittableRandom r = rnd(cfg.seed(), 4, w.idx, b.number());
            int order = 0;
            for (AppDef a : w.template.apps) {
                rows.add(new String[] {"workspace_apps", json.begin().str("id", Ids.uuid(r)).ts("created_at", t)
                        .str("agent_id", b.agentId()).str("display_name", a.displayName()).str("icon", a.icon()).nul("command")
                        .str("url", a.url()).bool("subdomain", a.subdomain()).str("sharing_level", order == 0 ? "owner" : "authenticated")
                        .str("slug", a.slug()).bool("external", a.slug().equals("jetbrains-gateway")).bool("hidden", false)
                        .num("display_order", order++).str("open_in", "slim-window").str("health", "healthy").end()});
            }
        }
        for (String[] row : rows) {
            if (asEvents) {
                events.add(new Event(b.createdAt(), eventSeq++, row[0], row[1], false));
            } else {
                landing.dimension(row[0], row[1]);
            }
        }
    }

    // ---------------------------------------------------------------- planning a day

    private void startDay(long dayStart) {
        LocalDate day = LocalDate.ofEpochDay(dayStart / Times.DAY);
        boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
        if (dayStart != startMicros) {
            // nightly snapshot of what changed yesterday: workspaces' last_used_at
            for (Workspace w : workspaces) {
                if (w.lastUsedAt >= dayStart - Times.DAY) {
                    events.add(new Event(dayStart + 5 * Times.MINUTE, eventSeq++, "workspaces", workspaceRow(w, dayStart + 5 * Times.MINUTE), false));
                }
            }
        }
        for (Workspace w : workspaces) {
            if (w.pendingBuild != null && w.rebuildAt >= dayStart && w.rebuildAt < dayStart + Times.DAY) {
                emitBuild(w, w.pendingBuild, true);
            }
        }
        for (User u : users) {
            if (!u.active() || u.workspaces.isEmpty()) {
                continue;
            }
            SplittableRandom r = rnd(cfg.seed(), 5, u.idx, dayStart);
            if (r.nextDouble() >= (weekend ? 0.08 : u.weekdayWorkProbability)) {
                continue;
            }
            planUserDay(u, dayStart, r);
        }
    }

    private Workspace pickWorkspace(User u, SplittableRandom r) {
        List<Workspace> running = new ArrayList<>();
        for (Workspace w : u.workspaces) {
            if (w.running) {
                running.add(w);
            }
        }
        if (running.isEmpty()) {
            return null;
        }
        // most work happens in the first (primary) workspace
        return r.nextDouble() < 0.75 ? running.get(0) : running.get(r.nextInt(running.size()));
    }

    private void planUserDay(User u, long dayStart, SplittableRandom r) {
        long localStart = dayStart + (long) ((8.5 + 0.75 * r.nextGaussian()) * Times.HOUR);
        long workStart = localStart - u.tzOffsetMinutes * Times.MINUTE + r.nextLong(Times.MINUTE);
        long workEnd = workStart + (long) ((7.5 + 2 * r.nextDouble()) * Times.HOUR);
        if (r.nextDouble() < 0.05) {
            events.add(new Event(workStart - 7 * Times.MINUTE, eventSeq++, "audit_logs", login(u, workStart - 7 * Times.MINUTE, 401, r), true));
        }
        events.add(new Event(workStart - 3 * Times.MINUTE, eventSeq++, "audit_logs", login(u, workStart - 3 * Times.MINUTE, 201, r), true));
        int blocks = 2 + r.nextInt(3);
        for (int i = 0; i < blocks; i++) {
            Workspace w = pickWorkspace(u, r);
            if (w == null) {
                return;
            }
            Activity a = new Activity();
            a.kind = Kind.IDE;
            a.ide = r.nextDouble() < 0.75 ? u.preferredIde : Ide.values()[r.nextInt(Ide.values().length)];
            a.start = workStart + (long) (r.nextDouble() * (workEnd - workStart - 30 * Times.MINUTE));
            a.end = Math.min(workEnd, a.start + (30 + r.nextInt(120)) * Times.MINUTE + r.nextLong(Times.MINUTE));
            a.connected = r.nextDouble() >= 0.04;
            a.user = u;
            addActivity(w, a);
            if (a.connected) {
                connection(w, a, r);
            }
        }
        int apps = r.nextInt(4);
        for (int i = 0; i < apps; i++) {
            Workspace w = pickWorkspace(u, r);
            List<AppDef> defs = w.template.apps;
            AppDef def = defs.get(r.nextInt(defs.size()));
            app(w, visitorOr(u, r), def.subdomain() ? "subdomain" : "path", def.slug(), workStart, workEnd, 5, 90, r);
        }
        if (r.nextDouble() < 0.25) {
            Workspace w = pickWorkspace(u, r);
            app(w, u, "subdomain", PORTS[r.nextInt(PORTS.length)], workStart, workEnd, 10, 60, r);
        }
        if (r.nextDouble() < 0.2) {
            // the web terminal: an app session with access method terminal, and a reconnecting PTY on the agent
            Workspace w = pickWorkspace(u, r);
            Activity t = app(w, u, "terminal", "", workStart, workEnd, 5, 25, r);
            Activity pty = new Activity();
            pty.kind = Kind.IDE;
            pty.ide = Ide.RECONNECTING_PTY;
            pty.start = t.start + 2 * Times.SECOND;
            pty.end = t.end;
            pty.user = u;
            addActivity(w, pty);
        }
        int bursts = r.nextInt(5);
        for (int i = 0; i < bursts; i++) {
            Workspace w = pickWorkspace(u, r);
            AppDef def = w.template.apps.get(r.nextInt(w.template.apps.size()));
            Activity s = new Activity();
            s.kind = Kind.APP_SHORT;
            s.start = Times.floorMinute(workStart + (long) (r.nextDouble() * (workEnd - workStart)));
            s.end = s.start + Times.MINUTE;
            s.accessMethod = def.subdomain() ? "subdomain" : "path";
            s.slugOrPort = def.slug();
            s.user = u;
            s.sessionId = Ids.uuid(r);
            s.requests = 1 + r.nextInt(20);
            addActivity(w, s);
        }
    }

    /** Shared apps: a few app sessions come from another user than the workspace owner. */
    private User visitorOr(User u, SplittableRandom r) {
        if (r.nextDouble() < 0.04) {
            User v = users.get(r.nextInt(users.size()));
            if (v.active()) {
                return v;
            }
        }
        return u;
    }

    private Activity app(Workspace w, User u, String access, String slugOrPort, long from, long to, int minMin, int maxMin,
                         SplittableRandom r) {
        Activity a = new Activity();
        a.kind = Kind.APP;
        a.start = from + (long) (r.nextDouble() * Math.max(Times.MINUTE, to - from - minMin * Times.MINUTE));
        a.end = a.start + (minMin + r.nextInt(maxMin - minMin + 1)) * Times.MINUTE + r.nextLong(Times.MINUTE);
        a.accessMethod = access;
        a.slugOrPort = slugOrPort;
        a.user = u;
        a.sessionId = Ids.uuid(r);
        a.requests = 5 + r.nextInt(400);
        addActivity(w, a);
        String type = access.equals("terminal") ? "reconnecting_pty" : slugOrPort.chars().allMatch(Character::isDigit)
                ? "port_forwarding" : "workspace_app";
        events.add(new Event(a.start, eventSeq++, "connection_logs", connectionRow(w, a.user, type, a.start, Long.MIN_VALUE,
                access.equals("terminal") ? Ids.uuid(r) : null, access.equals("terminal") ? null : slugOrPort, r), true));
        return a;
    }

    private void addActivity(Workspace w, Activity a) {
        if (a.end > a.start) {
            w.activities.add(a);
            w.lastUsedAt = Math.max(w.lastUsedAt, a.end);
        }
    }

    private void connection(Workspace w, Activity a, SplittableRandom r) {
        String connId = Ids.uuid(r);
        String rowId = Ids.uuid(r);
        events.add(new Event(a.start, eventSeq++, "connection_logs",
                connectionRow(w, a.user, a.ide.connectionType, a.start, Long.MIN_VALUE, connId, null, rowId), true));
        events.add(new Event(a.end, eventSeq++, "connection_logs",
                connectionRow(w, a.user, a.ide.connectionType, a.start, a.end, connId, null, rowId), true));
    }

    private String connectionRow(Workspace w, User u, String type, long connect, long disconnect, String connectionId,
                                 String slugOrPort, SplittableRandom r) {
        return connectionRow(w, u, type, connect, disconnect, connectionId, slugOrPort, Ids.uuid(r));
    }

    private String connectionRow(Workspace w, User u, String type, long connect, long disconnect, String connectionId,
                                 String slugOrPort, String rowId) {
        boolean web = type.equals("workspace_app") || type.equals("port_forwarding");
        json.begin().str("id", rowId).ts("connect_time", connect).str("organization_id", w.template.org.id())
                .str("workspace_owner_id", w.owner.id).str("workspace_id", w.id).str("workspace_name", w.name)
                .str("agent_name", "main").str("type", type).num("code", web ? 200 : 0).str("ip", u.ip)
                .str("user_agent", web ? "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0" : "coder-cli/2.18.5")
                .str("user_id", u.id).str("slug_or_port", slugOrPort).str("connection_id", connectionId)
                .tsOrNull("disconnect_time", disconnect);
        return json.str("disconnect_reason", disconnect == Long.MIN_VALUE ? null : "client disconnected").end();
    }

    private String login(User u, long at, int status, SplittableRandom r) {
        return json.begin().str("id", Ids.uuid(r)).ts("time", at).str("user_id", u.id).str("organization_id", null)
                .str("ip", u.ip).str("user_agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Firefox/132.0")
                .str("resource_type", "api_key").str("resource_id", status == 201 ? Ids.uuid(r) : "00000000-0000-0000-0000-000000000000")
                .str("resource_target", u.username).str("action", "login").raw("diff", "{}").num("status_code", status)
                .raw("additional_fields", "{}").str("request_id", Ids.uuid(r)).str("resource_icon", "").end();
    }

    // ---------------------------------------------------------------- an hour of reports

    private void simulateHour(long hour) {
        long hourEnd = hour + Times.HOUR;
        for (long tick = hour; tick < hourEnd; tick += 30 * Times.SECOND) {
            emitEventsBefore(tick);
            for (Workspace w : workspaces) {
                if (!w.running) {
                    continue;
                }
                long at = tick + w.phaseMicros;
                if (at >= w.rebuildAt && w.pendingBuild != null) {
                    w.agentId = w.pendingBuild.agentId();
                    w.builds.add(w.pendingBuild);
                    w.pendingBuild = null;
                }
                agentReport(w, at);
                appReports(w, tick);
            }
        }
        emitEventsBefore(hourEnd);
    }

    private void emitEventsBefore(long t) {
        while (!events.isEmpty() && events.peek().at() < t) {
            Event e = events.poll();
            if (e.at() < startMicros) {
                continue;
            }
            if (e.fact()) {
                landing.fact(e.stream(), e.line());
            } else {
                landing.dimension(e.stream(), e.line());
            }
        }
    }

    private void agentReport(Workspace w, long at) {
        SplittableRandom r = w.rnd;
        int[] counts = new int[Ide.values().length];
        boolean connected = false;
        boolean anyApp = false;
        User user = null;
        for (Activity a : w.activities) {
            if (a.start <= at && at < a.end) {
                if (a.kind == Kind.IDE) {
                    counts[a.ide.ordinal()]++;
                    connected |= a.connected;
                    user = a.user;
                } else {
                    anyApp = true;
                }
            }
        }
        int connections = 0;
        if (connected || anyApp) {
            connections = r.nextDouble() < 0.08 ? 0 : 1 + r.nextInt(2);
        } else if (r.nextDouble() < 0.01) {
            connections = 1;
        }
        double latency = -1;
        if (connections > 0) {
            double d = r.nextDouble();
            User who = user != null ? user : w.owner;
            latency = d < 0.03 ? -1 : d < 0.035 ? 0 : Math.round(who.latencyMedianMs * Math.exp(0.25 * r.nextGaussian()) * 1000) / 1000.0;
        }
        json.begin().str("id", Ids.uuid(r)).ts("created_at", at).str("user_id", w.owner.id).str("agent_id", w.agentId)
                .str("workspace_id", w.id).str("template_id", w.template.id)
                .raw("connections_by_proto", connections > 0 ? "{\"tcp\":" + connections + "}" : "{}")
                .num("connection_count", connections)
                .num("rx_packets", connections > 0 ? 20 + r.nextInt(400) : 0)
                .num("rx_bytes", connections > 0 ? 2_000 + r.nextInt(400_000) : 0)
                .num("tx_packets", connections > 0 ? 20 + r.nextInt(400) : 0)
                .num("tx_bytes", connections > 0 ? 2_000 + r.nextInt(900_000) : 0)
                .dbl("connection_median_latency_ms", latency);
        if (w.generation == 2026) {
            StringBuilder m = new StringBuilder("{");
            for (Ide ide : Ide.values()) {
                if (counts[ide.ordinal()] > 0) {
                    String name = ide == Ide.VSCODE ? w.owner.vscodeFlavour : ide.appName;
                    m.append(m.length() > 1 ? "," : "").append('"').append(name).append("\":").append(counts[ide.ordinal()]);
                }
            }
            json.raw("session_counts", m.append('}').toString());
        } else {
            for (Ide ide : Ide.values()) {
                json.num(ide.column, counts[ide.ordinal()]);
            }
        }
        landing.fact("workspace_agent_stats", json.bool("usage", false).end());
    }

    /**
     * App sessions as coderd's stats collector reports them every 30 s: a long session is re-sent with
     * session_ended_at = now while open, then once with its real end; a short one (at most a minute) is
     * merged into its minute window and sent once.
     */
    private void appReports(Workspace w, long tick) {
        for (Iterator<Activity> it = w.activities.iterator(); it.hasNext(); ) {
            Activity a = it.next();
            if (a.end <= tick - Times.HOUR) {
                it.remove();
                continue;
            }
            if (a.kind == Kind.IDE || a.done || tick <= a.start) {
                continue;
            }
            if (a.kind == Kind.APP_SHORT) {
                if (tick >= a.end) {
                    appRow(w, a, a.start, a.end, a.requests);
                    a.done = true;
                }
                continue;
            }
            long ended = Math.min(tick, a.end);
            int requests = (int) Math.max(1, Math.round(a.requests * (double) (ended - a.start) / (a.end - a.start)));
            appRow(w, a, a.start, ended, requests);
            a.done = ended == a.end;
        }
    }

    private void appRow(Workspace w, Activity a, long started, long ended, int requests) {
        if (a.appRowId < 0) {
            a.appRowId = appStatsSeq++;
            a.agentId = w.agentId;
        }
        landing.fact("workspace_app_stats", json.begin().num("id", a.appRowId).str("user_id", a.user.id)
                .str("workspace_id", w.id).str("agent_id", a.agentId).str("access_method", a.accessMethod)
                .str("slug_or_port", a.slugOrPort).str("session_id", a.sessionId).ts("session_started_at", started)
                .ts("session_ended_at", ended).num("requests", requests).end());
    }
}
