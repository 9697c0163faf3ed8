-- The serving store: what the report API answers from, precomputed by the Spark pipeline and copied here
-- by the exporter (dw-serving, Spring Batch) from the lake through Trino. Nothing here is computed from
-- scratch: every fact table mirrors a gold table (or the bucket map flattened), every dimension a silver
-- one, without the columns the API must never show (e-mail, IP, user agent).
--
-- export_id: the Spring Batch job instance that last wrote the row. An export upserts every row of its
-- window, then deletes the rows of the window it did not write (they vanished upstream), so a re-run of a
-- window rewrites the same rows and a restarted run (same job instance) keeps what it already wrote.


-- gold.template_usage_stats: Coder's template_usage_stats, one row per UTC half hour, template and user.
CREATE TABLE serving.usage_buckets (
    start_time            timestamptz      NOT NULL,
    end_time              timestamptz      NOT NULL,
    template_id           uuid             NOT NULL,
    user_id               uuid             NOT NULL,
    median_latency_ms     double precision,          -- NULL: no latency sample in the half hour
    usage_mins            smallint         NOT NULL,
    ssh_mins              smallint         NOT NULL,
    sftp_mins             smallint         NOT NULL,
    reconnecting_pty_mins smallint         NOT NULL,
    vscode_mins           smallint         NOT NULL,
    jetbrains_mins        smallint         NOT NULL,
    export_id             bigint           NOT NULL,
    PRIMARY KEY (start_time, template_id, user_id)
);
-- the template filter of every report (template_ids given), then the range
CREATE INDEX usage_buckets_template ON serving.usage_buckets (template_id, start_time);

-- the app_usage_mins map of the same rows, one row per key (slug, port or [terminal]); the report keeps
-- the keys that are real app slugs of the template (serving.template_apps) at query time, as Coder does
CREATE TABLE serving.app_usage_buckets (
    start_time  timestamptz NOT NULL,
    template_id uuid        NOT NULL,
    user_id     uuid        NOT NULL,
    app_name    text        NOT NULL,
    minutes     smallint    NOT NULL,
    export_id   bigint      NOT NULL,
    PRIMARY KEY (start_time, template_id, user_id, app_name)
);
CREATE INDEX app_usage_buckets_template ON serving.app_usage_buckets (template_id, start_time);

-- gold.user_daily_usage: per UTC day and user over all templates, the 30-minute cap applied per half hour
CREATE TABLE serving.user_daily_usage (
    day                   date     NOT NULL,
    user_id               uuid     NOT NULL,
    template_ids          uuid[]   NOT NULL,
    usage_mins            integer  NOT NULL,
    ssh_mins              integer  NOT NULL,
    sftp_mins             integer  NOT NULL,
    reconnecting_pty_mins integer  NOT NULL,
    vscode_mins           integer  NOT NULL,
    jetbrains_mins        integer  NOT NULL,
    export_id             bigint   NOT NULL,
    PRIMARY KEY (day, user_id)
);

-- gold.template_user_daily_usage: per UTC day, template and user
CREATE TABLE serving.template_user_daily_usage (
    day                   date     NOT NULL,
    template_id           uuid     NOT NULL,
    user_id               uuid     NOT NULL,
    usage_mins            integer  NOT NULL,
    ssh_mins              integer  NOT NULL,
    sftp_mins             integer  NOT NULL,
    reconnecting_pty_mins integer  NOT NULL,
    vscode_mins           integer  NOT NULL,
    jetbrains_mins        integer  NOT NULL,
    export_id             bigint   NOT NULL,
    PRIMARY KEY (day, template_id, user_id)
);
CREATE INDEX template_user_daily_usage_template ON serving.template_user_daily_usage (template_id, day);

-- gold.v1_activity_hourly: active minutes (logins: events) per hour, user, organization and category;
-- organization_id NULL = the whole deployment
CREATE TABLE serving.v1_activity_hourly (
    hour            timestamptz NOT NULL,
    user_id         uuid        NOT NULL,
    organization_id uuid,
    category        text        NOT NULL CHECK (category IN ('ide', 'tunnel', 'web_terminal', 'app', 'login', 'any')),
    count           integer     NOT NULL,
    export_id       bigint      NOT NULL,
    CONSTRAINT v1_activity_hourly_key UNIQUE NULLS NOT DISTINCT (hour, user_id, organization_id, category)
);
CREATE INDEX v1_activity_hourly_scope ON serving.v1_activity_hourly (category, organization_id, hour);

-- builds and their parameter values, for the parameter usage report (latest build per workspace in range)
CREATE TABLE serving.workspace_builds (
    id           uuid        PRIMARY KEY,
    workspace_id uuid        NOT NULL,
    template_id  uuid        NOT NULL,
    build_number integer     NOT NULL,
    created_at   timestamptz NOT NULL,
    export_id    bigint      NOT NULL
);
CREATE INDEX workspace_builds_created ON serving.workspace_builds (created_at, template_id);

CREATE TABLE serving.build_parameters (
    build_id     uuid   NOT NULL,
    name         text   NOT NULL,
    type         text   NOT NULL,
    display_name text   NOT NULL,
    description  text   NOT NULL,
    options      text   NOT NULL,   -- JSON array as written by Coder
    value        text   NOT NULL,
    export_id    bigint NOT NULL,
    PRIMARY KEY (build_id, name)
);

-- dimensions (replaced whole by every export)
CREATE TABLE serving.users (
    id         uuid    PRIMARY KEY,
    username   text    NOT NULL,
    name       text    NOT NULL,   -- display name ('' when none)
    avatar_url text    NOT NULL,
    rbac_roles text[]  NOT NULL,   -- site roles: owner, template-admin, auditor, user-admin, member
    status     text    NOT NULL,
    deleted    boolean NOT NULL,
    export_id  bigint  NOT NULL
);
CREATE UNIQUE INDEX users_username ON serving.users (lower(username)) WHERE NOT deleted;

CREATE TABLE serving.organizations (
    id        uuid   PRIMARY KEY,
    name      text   NOT NULL,
    export_id bigint NOT NULL
);

CREATE TABLE serving.organization_members (
    organization_id uuid   NOT NULL,
    user_id         uuid   NOT NULL,
    roles           text[] NOT NULL,   -- organization roles: organization-admin, organization-template-admin, ...
    export_id       bigint NOT NULL,
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX organization_members_user ON serving.organization_members (user_id);

CREATE TABLE serving.templates (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL,
    name            text        NOT NULL,
    created_at      timestamptz NOT NULL,
    deleted         boolean     NOT NULL,
    user_acl        jsonb       NOT NULL,   -- user id -> actions (["*"] = the admin role)
    group_acl       jsonb       NOT NULL,   -- group id -> actions
    export_id       bigint      NOT NULL
);

CREATE TABLE serving.group_members (
    group_id  uuid   NOT NULL,
    user_id   uuid   NOT NULL,
    export_id bigint NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON serving.group_members (user_id);

-- the latest definition of each (template, slug): display name and icon of the app usage report
CREATE TABLE serving.template_apps (
    template_id  uuid   NOT NULL,
    slug         text   NOT NULL,
    display_name text   NOT NULL,
    icon         text   NOT NULL,
    export_id    bigint NOT NULL,
    PRIMARY KEY (template_id, slug)
);

-- session tokens of the report API: "<id>-<secret>"; only the SHA-256 of the secret is kept
CREATE TABLE serving.api_tokens (
    id            text        PRIMARY KEY,
    hashed_secret bytea       NOT NULL,
    user_id       uuid        NOT NULL,
    name          text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL
);
