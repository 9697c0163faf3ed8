-- analytics.template_usage
-- What:     Coder's template usage rollup (template_usage_stats), exactly: active minutes per half hour,
--           template and user, per IDE and per app, with the median connection latency, plus names.
-- Grain:    one row per (start_time, template_id, user_id); only rows with at least one active minute.
-- Upstream: gold.template_usage_stats, silver.templates, silver.organizations, silver.users.
-- Notes:    minutes are per template; a user's minutes summed over templates must be capped at 30 per half
--           hour (SEMANTICS.md §12 rule 7): analytics.user_usage does that for all templates, the examples
--           in sql/examples/ do it for a template set.
-- Example:  usage hours per template in January 2026
--           SELECT template_name, sum(usage_seconds) / 3600.0 AS usage_hours
--           FROM analytics.template_usage
--           WHERE start_time >= TIMESTAMP '2026-01-01 00:00 UTC' AND end_time <= TIMESTAMP '2026-02-01 00:00 UTC'
--           GROUP BY template_name ORDER BY usage_hours DESC;
CREATE OR REPLACE VIEW analytics.template_usage
COMMENT 'Half-hour usage per template and user (Coder''s template_usage_stats), with template, organization and user names'
SECURITY DEFINER AS
SELECT
    s.start_time,
    s.end_time,
    s.template_id,
    t.name AS template_name,
    t.display_name AS template_display_name,
    t.organization_id,
    o.name AS organization_name,
    s.user_id,
    u.username,
    u.avatar_url,
    CAST(s.usage_mins AS integer) AS usage_minutes,
    CAST(s.usage_mins AS bigint) * 60 AS usage_seconds,
    CAST(s.ssh_mins AS integer) AS ssh_minutes,
    CAST(s.sftp_mins AS integer) AS sftp_minutes,
    CAST(s.reconnecting_pty_mins AS integer) AS reconnecting_pty_minutes,
    CAST(s.vscode_mins AS integer) AS vscode_minutes,
    CAST(s.jetbrains_mins AS integer) AS jetbrains_minutes,
    coalesce(transform_values(s.app_usage_mins, (k, v) -> CAST(v AS integer)), CAST(MAP() AS map(varchar, integer))) AS app_usage_minutes,
    s.median_latency_ms
FROM gold.template_usage_stats s
LEFT JOIN silver.templates t ON t.id = s.template_id
LEFT JOIN silver.organizations o ON o.id = t.organization_id
LEFT JOIN silver.users u ON u.id = s.user_id;
COMMENT ON COLUMN analytics.template_usage.start_time IS 'Start of the UTC half hour (inclusive)';
COMMENT ON COLUMN analytics.template_usage.end_time IS 'End of the UTC half hour (exclusive): start_time + 30 minutes';
COMMENT ON COLUMN analytics.template_usage.template_id IS 'Template of the workspace used';
COMMENT ON COLUMN analytics.template_usage.organization_id IS 'Organization of the template';
COMMENT ON COLUMN analytics.template_usage.user_id IS 'Workspace owner for IDE and terminal sessions, the visitor for app sessions';
COMMENT ON COLUMN analytics.template_usage.usage_minutes IS 'Distinct active minutes of any kind in the half hour (0-30)';
COMMENT ON COLUMN analytics.template_usage.usage_seconds IS 'usage_minutes x 60';
COMMENT ON COLUMN analytics.template_usage.ssh_minutes IS 'Distinct minutes with an SSH session (after the connection gate)';
COMMENT ON COLUMN analytics.template_usage.sftp_minutes IS 'Always 0, as in Coder (agent stats carry no SFTP sessions)';
COMMENT ON COLUMN analytics.template_usage.reconnecting_pty_minutes IS 'Distinct minutes with a web terminal (reconnecting PTY) session';
COMMENT ON COLUMN analytics.template_usage.vscode_minutes IS 'Distinct minutes with a VS Code (desktop) session';
COMMENT ON COLUMN analytics.template_usage.jetbrains_minutes IS 'Distinct minutes with a JetBrains session';
COMMENT ON COLUMN analytics.template_usage.app_usage_minutes IS 'Minutes per app key as Coder writes it: app slug, port number or [terminal]';
COMMENT ON COLUMN analytics.template_usage.median_latency_ms IS 'Median connection latency (ms) of the active minutes'' samples above 0; NULL when none';
COMMENT ON COLUMN analytics.template_usage.template_name IS 'Template name (latest known)';
COMMENT ON COLUMN analytics.template_usage.template_display_name IS 'Template display name (latest known)';
COMMENT ON COLUMN analytics.template_usage.organization_name IS 'Organization name (latest known)';
COMMENT ON COLUMN analytics.template_usage.username IS 'Username (latest known)';
COMMENT ON COLUMN analytics.template_usage.avatar_url IS 'Avatar URL of the user (latest known)';
