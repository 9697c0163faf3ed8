-- analytics.app_usage
-- What:     IDE and app usage per half hour, template and user: the builtin apps (VS Code, JetBrains,
--           web terminal, SSH, SFTP, from agent sessions) and every app key of the rollup (custom apps by
--           slug, port forwards by port number, [terminal] app sessions), one row per app with minutes.
-- Grain:    one row per (start_time, template_id, user_id, app_type, slug) with at least one minute.
-- Upstream: analytics.template_usage, analytics.template_apps.
-- Notes:    app_type 'builtin' and 'app' are what Coder's template report shows (§12 rules 5 and 17); keys that
--           are not a slug of the template's apps are 'port', 'terminal' or 'other' and Coder does not show
--           them. Per user and half hour, cap an app's minutes over templates at 30 (rule 7; see
--           sql/examples/insights_templates_report.sql), and count times_used as runs of consecutive half hours.
-- Example:  minutes per custom app in January 2026
--           SELECT slug, display_name, sum(usage_minutes) FROM analytics.app_usage
--           WHERE app_type = 'app' AND start_time >= TIMESTAMP '2026-01-01 00:00 UTC'
--             AND end_time <= TIMESTAMP '2026-02-01 00:00 UTC' GROUP BY slug, display_name;
CREATE OR REPLACE VIEW analytics.app_usage
COMMENT 'Builtin IDE and custom app minutes per half hour, template and user'
SECURITY DEFINER AS
SELECT u.start_time, u.end_time, u.template_id, u.organization_id, u.user_id, u.username,
       'builtin' AS app_type, b.slug, b.display_name, b.icon,
       b.minutes AS usage_minutes, CAST(b.minutes AS bigint) * 60 AS usage_seconds
FROM analytics.template_usage u
CROSS JOIN UNNEST(
    ARRAY['vscode', 'jetbrains', 'reconnecting-pty', 'ssh', 'sftp'],
    ARRAY['Visual Studio Code', 'JetBrains', 'Web Terminal', 'SSH', 'SFTP'],
    ARRAY['/icon/code.svg', '/icon/intellij.svg', '/icon/terminal.svg', '/icon/terminal.svg', '/icon/terminal.svg'],
    ARRAY[u.vscode_minutes, u.jetbrains_minutes, u.reconnecting_pty_minutes, u.ssh_minutes, u.sftp_minutes]
) AS b (slug, display_name, icon, minutes)
WHERE b.minutes > 0
UNION ALL
SELECT u.start_time, u.end_time, u.template_id, u.organization_id, u.user_id, u.username,
       CASE
           WHEN a.slug IS NOT NULL THEN 'app'
           WHEN k.app_key = '[terminal]' THEN 'terminal'
           WHEN regexp_like(k.app_key, '^[0-9]+$') THEN 'port'
           ELSE 'other'
       END AS app_type,
       k.app_key AS slug,
       coalesce(a.display_name, k.app_key) AS display_name,
       coalesce(a.icon, '') AS icon,
       k.minutes AS usage_minutes, CAST(k.minutes AS bigint) * 60 AS usage_seconds
FROM analytics.template_usage u
CROSS JOIN UNNEST(u.app_usage_minutes) AS k (app_key, minutes)
LEFT JOIN analytics.template_apps a ON a.template_id = u.template_id AND a.slug = k.app_key
WHERE k.minutes > 0;
COMMENT ON COLUMN analytics.app_usage.start_time IS 'Start of the UTC half hour (inclusive)';
COMMENT ON COLUMN analytics.app_usage.end_time IS 'End of the UTC half hour (exclusive)';
COMMENT ON COLUMN analytics.app_usage.template_id IS 'Template of the workspace';
COMMENT ON COLUMN analytics.app_usage.organization_id IS 'Organization of the template';
COMMENT ON COLUMN analytics.app_usage.user_id IS 'Workspace owner (builtin) or the visiting user (apps)';
COMMENT ON COLUMN analytics.app_usage.username IS 'Username (latest known)';
COMMENT ON COLUMN analytics.app_usage.app_type IS 'builtin, app (a slug of the template''s apps), port, terminal ([terminal] app sessions) or other';
COMMENT ON COLUMN analytics.app_usage.slug IS 'vscode, jetbrains, reconnecting-pty, ssh, sftp for builtins; else the rollup''s app key';
COMMENT ON COLUMN analytics.app_usage.display_name IS 'Builtin name, the app definition''s display name, or the key itself';
COMMENT ON COLUMN analytics.app_usage.icon IS 'Builtin icon or the app definition''s icon ('''' when none)';
COMMENT ON COLUMN analytics.app_usage.usage_minutes IS 'Minutes of this app in the half hour (1-30)';
COMMENT ON COLUMN analytics.app_usage.usage_seconds IS 'usage_minutes x 60';
