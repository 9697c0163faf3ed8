-- Reports over whole UTC days read a row per user (or per template and user) instead of a row per user-day:
-- the daily rollups as running totals, one array element per calendar day from the user's first active day to its
-- last, so the minutes and the active days of any range of days are two array lookups (serving.series_sum). A
-- 30-day report over all templates reads 4,000 rows instead of 66,000 (and 8,000 pairs instead of 127,000).
-- Derived in the serving store by the exporter (dailyUsageJob) from the rows it has just exported.
CREATE TABLE serving.user_usage_series (
    user_id     uuid    PRIMARY KEY,
    first_day   date    NOT NULL,
    usage_mins  integer[] NOT NULL,   -- [i]: minutes of the days first_day .. first_day + i - 1 (capped per half hour)
    active_days integer[] NOT NULL    -- [i]: how many of those days have a rollup row
) WITH (toast_tuple_target = 8160);  -- arrays of a few years stay inline and uncompressed: a lookup reads no TOAST

CREATE TABLE serving.template_user_usage_series (
    template_id uuid    NOT NULL,
    user_id     uuid    NOT NULL,
    first_day   date    NOT NULL,
    usage_mins  integer[] NOT NULL,
    active_days integer[] NOT NULL,
    PRIMARY KEY (template_id, user_id)
) WITH (toast_tuple_target = 8160);

-- The sum over the days [from_day, to_day) of a series of running totals that starts at first_day (0 outside it).
-- A plain SQL expression, so the planner inlines it.
CREATE FUNCTION serving.series_sum(totals integer[], first_day date, from_day date, to_day date) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(totals[least(to_day - first_day, cardinality(totals))], 0)::bigint
         - coalesce(totals[least(from_day - first_day, cardinality(totals))], 0)
$$;

-- Re-derives the series of every user (and template and user) whose rollup days in [from_day, to_day) may have
-- changed: those with rows there now, and those whose series reaches into the window (rows there may be gone).
-- Each is rebuilt whole from its rollup rows, so running it again changes nothing.
CREATE PROCEDURE serving.derive_usage_series(from_day date, to_day date) LANGUAGE sql AS $$
DELETE FROM serving.user_usage_series s
WHERE (s.first_day + cardinality(s.usage_mins) > from_day AND s.first_day < to_day)
   OR s.user_id IN (SELECT user_id FROM serving.user_daily_usage WHERE day >= from_day AND day < to_day);
INSERT INTO serving.user_usage_series (user_id, first_day, usage_mins, active_days)
SELECT user_id, min(day), array_agg(mins ORDER BY day), array_agg(days ORDER BY day)
FROM (
    SELECT u.user_id, CAST(g.day AS date) AS day,
           CAST(sum(coalesce(d.usage_mins, 0)) OVER w AS integer) AS mins, CAST(count(d.user_id) OVER w AS integer) AS days
    FROM (SELECT user_id, min(day) AS first_day, max(day) AS last_day FROM serving.user_daily_usage d
          WHERE NOT EXISTS (SELECT FROM serving.user_usage_series s WHERE s.user_id = d.user_id) GROUP BY user_id) u
    CROSS JOIN LATERAL generate_series(u.first_day, u.last_day, INTERVAL '1 day') AS g(day)
    LEFT JOIN serving.user_daily_usage d ON d.user_id = u.user_id AND d.day = CAST(g.day AS date)
    WINDOW w AS (PARTITION BY u.user_id ORDER BY g.day)
) x
GROUP BY user_id;
DELETE FROM serving.template_user_usage_series s
WHERE (s.first_day + cardinality(s.usage_mins) > from_day AND s.first_day < to_day)
   OR (s.template_id, s.user_id) IN (SELECT template_id, user_id FROM serving.template_user_daily_usage
                                     WHERE day >= from_day AND day < to_day);
INSERT INTO serving.template_user_usage_series (template_id, user_id, first_day, usage_mins, active_days)
SELECT template_id, user_id, min(day), array_agg(mins ORDER BY day), array_agg(days ORDER BY day)
FROM (
    SELECT u.template_id, u.user_id, CAST(g.day AS date) AS day,
           CAST(sum(coalesce(d.usage_mins, 0)) OVER w AS integer) AS mins, CAST(count(d.user_id) OVER w AS integer) AS days
    FROM (SELECT template_id, user_id, min(day) AS first_day, max(day) AS last_day FROM serving.template_user_daily_usage d
          WHERE NOT EXISTS (SELECT FROM serving.template_user_usage_series s WHERE s.template_id = d.template_id AND s.user_id = d.user_id)
          GROUP BY template_id, user_id) u
    CROSS JOIN LATERAL generate_series(u.first_day, u.last_day, INTERVAL '1 day') AS g(day)
    LEFT JOIN serving.template_user_daily_usage d
      ON d.template_id = u.template_id AND d.user_id = u.user_id AND d.day = CAST(g.day AS date)
    WINDOW w AS (PARTITION BY u.template_id, u.user_id ORDER BY g.day)
) x
GROUP BY template_id, user_id;
$$;
CALL serving.derive_usage_series('-infinity', 'infinity');

-- Parameter usage: per (template, workspace) the latest build (highest build number) created in the range, and the
-- values of its parameters. Until now that sorted every build of the range (118,000 in a 10,000-workspace month) and
-- looked up each chosen build's values. Now:
--   * each distinct (definition, value) is numbered once (serving.parameter_values) and a build carries the numbers
--     of its values (serving.build_parameter_sets, one row per build, '{}' for a build without parameters: it is
--     still a workspace's latest build);
--   * serving.workspace_latest_builds holds per (template, workspace) its latest build and the time of its newest
--     build. When that latest build was created inside the range, it is the answer; when the newest build is older
--     than the range, the workspace has none in it; only otherwise (a range that ends before the workspace's
--     latest build) the index on the builds is probed. A report up to now reads a row per workspace.
CREATE TABLE serving.parameter_values (
    id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    definition_id bigint  NOT NULL REFERENCES serving.parameter_definitions (id),
    value         text    NOT NULL,
    UNIQUE (definition_id, value)
);

CREATE TABLE serving.build_parameter_sets (
    build_id     uuid        PRIMARY KEY,
    workspace_id uuid        NOT NULL,
    template_id  uuid        NOT NULL,
    build_number integer     NOT NULL,
    created_at   timestamptz NOT NULL,
    value_ids    integer[]   NOT NULL   -- serving.parameter_values ids, ascending
);
CREATE INDEX build_parameter_sets_workspace ON serving.build_parameter_sets (workspace_id, template_id, build_number DESC)
    INCLUDE (created_at, value_ids);
CREATE INDEX build_parameter_sets_created ON serving.build_parameter_sets (created_at);

CREATE TABLE serving.workspace_latest_builds (
    template_id     uuid        NOT NULL,
    workspace_id    uuid        NOT NULL,
    build_id        uuid        NOT NULL,
    build_number    integer     NOT NULL,
    created_at      timestamptz NOT NULL,   -- of the latest build
    last_created_at timestamptz NOT NULL,   -- of the newest build (the same one when builds are numbered in time order)
    value_ids       integer[]   NOT NULL,
    PRIMARY KEY (template_id, workspace_id)
);
CREATE INDEX workspace_latest_builds_created ON serving.workspace_latest_builds (created_at);

INSERT INTO serving.parameter_values (definition_id, value)
SELECT DISTINCT definition_id, value FROM serving.build_parameter_values ORDER BY definition_id, value;
INSERT INTO serving.build_parameter_sets (build_id, workspace_id, template_id, build_number, created_at, value_ids)
SELECT b.id, b.workspace_id, b.template_id, b.build_number, b.created_at,
       coalesce(array_agg(pv.id ORDER BY pv.id) FILTER (WHERE pv.id IS NOT NULL), '{}')
FROM serving.workspace_builds b
LEFT JOIN serving.build_parameter_values v ON v.build_id = b.id
LEFT JOIN serving.parameter_values pv ON pv.definition_id = v.definition_id AND pv.value = v.value
GROUP BY b.id;
INSERT INTO serving.workspace_latest_builds (template_id, workspace_id, build_id, build_number, created_at, last_created_at, value_ids)
SELECT DISTINCT ON (template_id, workspace_id) template_id, workspace_id, build_id, build_number, created_at,
       max(created_at) OVER (PARTITION BY template_id, workspace_id), value_ids
FROM serving.build_parameter_sets
ORDER BY template_id, workspace_id, build_number DESC;
DROP TABLE serving.build_parameter_values;
DROP INDEX serving.workspace_builds_template;

CREATE TRIGGER raise_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON serving.user_usage_series
    FOR EACH STATEMENT EXECUTE FUNCTION serving.raise_data_version();
CREATE TRIGGER raise_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON serving.template_user_usage_series
    FOR EACH STATEMENT EXECUTE FUNCTION serving.raise_data_version();
CREATE TRIGGER raise_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON serving.parameter_values
    FOR EACH STATEMENT EXECUTE FUNCTION serving.raise_data_version();
CREATE TRIGGER raise_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON serving.build_parameter_sets
    FOR EACH STATEMENT EXECUTE FUNCTION serving.raise_data_version();
CREATE TRIGGER raise_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON serving.workspace_latest_builds
    FOR EACH STATEMENT EXECUTE FUNCTION serving.raise_data_version();
GRANT SELECT ON serving.user_usage_series, serving.template_user_usage_series, serving.parameter_values,
    serving.build_parameter_sets, serving.workspace_latest_builds TO ${api_role};
GRANT EXECUTE ON FUNCTION serving.series_sum(integer[], date, date, date) TO ${api_role};
