-- The apps report over whole UTC days, precomputed per day and app: for one template per (day, template, app name),
-- named at query time by the template's latest definition; over all templates per (day, app key) as below. They
-- replace V3's app_usage_days (a row per user-day: 24,000 rows for a busy template's month instead of 140).
DROP TABLE serving.app_usage_days;

CREATE TABLE serving.template_app_usage_day_totals (
    day         date   NOT NULL,
    template_id uuid   NOT NULL,
    app_name    text   NOT NULL,
    minutes     bigint NOT NULL,
    runs        bigint NOT NULL,
    continued   bigint NOT NULL,
    PRIMARY KEY (template_id, day, app_name)
);

-- Over all templates: Coder merges the apps of
-- all templates by (slug, display name, icon) of each template's latest definition, caps a user's minutes of a key
-- in a half hour at 30 and counts times_used as runs of consecutive half hours per user. Per day and key this keeps
-- the capped minutes, the runs that start in the day (a half hour whose previous one, across midnight too, is not
-- used) and the users whose 00:00 half hour continues a run of the day before: over days [first, end) the report's
-- times_used is the runs started in them plus the continued ones of the first day (a run entering the range counts
-- once). The keys come from serving.template_apps: when its definitions change, every day is derived again.
CREATE TABLE serving.app_usage_day_totals (
    day          date   NOT NULL,
    slug         text   NOT NULL,
    display_name text   NOT NULL,
    icon         text   NOT NULL,
    minutes      bigint NOT NULL,
    runs         bigint NOT NULL,
    continued    bigint NOT NULL,
    template_ids uuid[] NOT NULL,
    PRIMARY KEY (day, slug, display_name, icon)
);

-- the app definitions the totals were derived with (their fingerprint); the API reads the totals only while they match
CREATE TABLE serving.app_usage_day_totals_source (
    only_row      boolean PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    template_apps text    NOT NULL
);

CREATE FUNCTION serving.template_apps_fingerprint() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT md5(coalesce(string_agg(template_id || E'\t' || slug || E'\t' || display_name || E'\t' || icon, E'\n'
                                   ORDER BY template_id, slug), ''))
    FROM serving.template_apps
$$;

-- Derives the totals of days [from_day, to_day] (the day after the window too: its continued runs depend on the
-- window's last day), or of every day when the app definitions changed since the last derivation.
CREATE PROCEDURE serving.derive_app_usage_day_totals(from_day date, to_day date) LANGUAGE plpgsql AS $$
DECLARE
    apps     text := serving.template_apps_fingerprint();
    all_days boolean := apps IS DISTINCT FROM (SELECT template_apps FROM serving.app_usage_day_totals_source);
    lo       timestamptz := CASE WHEN all_days THEN '-infinity' ELSE from_day::timestamp AT TIME ZONE 'UTC' END;
    hi       timestamptz := CASE WHEN all_days THEN 'infinity' ELSE (to_day + 1)::timestamp AT TIME ZONE 'UTC' END;
BEGIN
    DELETE FROM serving.app_usage_day_totals WHERE day >= CAST(lo AT TIME ZONE 'UTC' AS date) AND day < CAST(hi AT TIME ZONE 'UTC' AS date);
    INSERT INTO serving.app_usage_day_totals (day, slug, display_name, icon, minutes, runs, continued, template_ids)
    WITH usage AS (
        SELECT a.start_time, a.user_id, a.template_id, ta.slug, ta.display_name, ta.icon, a.minutes
        FROM serving.app_usage_buckets a
        JOIN serving.template_apps ta ON ta.template_id = a.template_id AND ta.slug = a.app_name
        WHERE a.start_time >= lo - INTERVAL '30 minutes' AND a.start_time < hi
    ), capped AS (
        -- one row per user, key and half hour (templates merged, capped at 30), from the half hour before lo on
        SELECT start_time, user_id, slug, display_name, icon, least(sum(minutes), 30) AS minutes
        FROM usage GROUP BY start_time, user_id, slug, display_name, icon
    ), marked AS (
        SELECT *, CAST(start_time AT TIME ZONE 'UTC' AS date) AS day,
               lag(start_time) OVER (PARTITION BY user_id, slug, display_name, icon ORDER BY start_time)
                   IS DISTINCT FROM start_time - INTERVAL '30 minutes' AS starts_run
        FROM capped
    ), days AS (
        SELECT day, slug, display_name, icon, sum(minutes) AS minutes, count(*) FILTER (WHERE starts_run) AS runs,
               count(*) FILTER (WHERE NOT starts_run AND start_time = date_trunc('day', start_time, 'UTC')) AS continued
        FROM marked WHERE start_time >= lo
        GROUP BY day, slug, display_name, icon
    ), templates AS (
        SELECT CAST(start_time AT TIME ZONE 'UTC' AS date) AS day, slug, display_name, icon,
               array_agg(DISTINCT template_id ORDER BY template_id) AS template_ids
        FROM usage WHERE start_time >= lo
        GROUP BY 1, slug, display_name, icon
    )
    SELECT d.day, d.slug, d.display_name, d.icon, d.minutes, d.runs, d.continued, t.template_ids
    FROM days d JOIN templates t USING (day, slug, display_name, icon);
    INSERT INTO serving.app_usage_day_totals_source VALUES (TRUE, apps)
    ON CONFLICT (only_row) DO UPDATE SET template_apps = EXCLUDED.template_apps;
END
$$;

CREATE TRIGGER raise_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON serving.app_usage_day_totals
    FOR EACH STATEMENT EXECUTE FUNCTION serving.raise_data_version();
CREATE TRIGGER raise_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON serving.template_app_usage_day_totals
    FOR EACH STATEMENT EXECUTE FUNCTION serving.raise_data_version();
GRANT SELECT ON serving.app_usage_day_totals, serving.app_usage_day_totals_source, serving.template_app_usage_day_totals
    TO ${api_role};
GRANT EXECUTE ON FUNCTION serving.template_apps_fingerprint() TO ${api_role};
