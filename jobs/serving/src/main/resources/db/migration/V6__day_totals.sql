-- The daily rollups summed per UTC day (over all templates: the minutes capped per user and half hour) and per day
-- and template, derived in the serving store by the exporter (dailyUsageJob). The template report's builtin minutes
-- and its template lists over whole days read a row per day (and template) instead of a row per user-day.
-- Distinct active users are not additive over days: they are still counted from the user-day rows.
CREATE TABLE serving.day_totals (
    day                   date   PRIMARY KEY,
    active_users          bigint NOT NULL,
    usage_mins            bigint NOT NULL,
    ssh_mins              bigint NOT NULL,
    sftp_mins             bigint NOT NULL,
    reconnecting_pty_mins bigint NOT NULL,
    vscode_mins           bigint NOT NULL,
    jetbrains_mins        bigint NOT NULL
);

CREATE TABLE serving.template_day_totals (
    day                   date   NOT NULL,
    template_id           uuid   NOT NULL,
    active_users          bigint NOT NULL,
    usage_mins            bigint NOT NULL,
    ssh_mins              bigint NOT NULL,
    sftp_mins             bigint NOT NULL,
    reconnecting_pty_mins bigint NOT NULL,
    vscode_mins           bigint NOT NULL,
    jetbrains_mins        bigint NOT NULL,
    PRIMARY KEY (day, template_id)
);
CREATE INDEX template_day_totals_template ON serving.template_day_totals (template_id, day);

CREATE TRIGGER raise_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON serving.day_totals
    FOR EACH STATEMENT EXECUTE FUNCTION serving.raise_data_version();
CREATE TRIGGER raise_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON serving.template_day_totals
    FOR EACH STATEMENT EXECUTE FUNCTION serving.raise_data_version();
GRANT SELECT ON serving.day_totals, serving.template_day_totals TO ${api_role};
