-- App usage per UTC day, template, user and app key, derived in the serving store from app_usage_buckets by the
-- exporter (usageBucketsJob): the dashboard's apps report for one template over whole days reads a row per
-- user-day instead of a row per half hour. times_used needs runs of consecutive half hours: a day keeps the runs
-- that start in it, and whether its first half hour starts at 00:00 and its last at 23:30, so that a run that
-- crosses midnight is counted once (runs of day d + runs of day d+1 - 1 when d ends at 23:30 and d+1 starts at 00:00).
CREATE TABLE serving.app_usage_days (
    day              date     NOT NULL,
    template_id      uuid     NOT NULL,
    user_id          uuid     NOT NULL,
    app_name         text     NOT NULL,
    minutes          integer  NOT NULL,
    runs             integer  NOT NULL,
    starts_midnight  boolean  NOT NULL,
    ends_midnight    boolean  NOT NULL,
    PRIMARY KEY (template_id, day, user_id, app_name)
);
GRANT SELECT ON serving.app_usage_days TO ${api_role};
