-- analytics.template_user_daily_usage
-- What:     usage per UTC day, template and user: the sums of the day's half-hour rows, precomputed by Spark.
-- Grain:    one row per (day, template_id, user_id) with usage.
-- Upstream: gold.template_user_daily_usage, silver.templates, silver.users.
-- Notes:    summing these over templates for one user can exceed what Coder reports (it caps each half hour at
--           30 minutes over templates): use analytics.user_daily_usage for per-user totals.
-- Example:  SELECT template_name, sum(usage_seconds) / 3600.0 AS hours FROM analytics.template_user_daily_usage
--           WHERE day >= DATE '2026-11-01' GROUP BY template_name ORDER BY hours DESC;
CREATE OR REPLACE VIEW analytics.template_user_daily_usage
COMMENT 'Usage per UTC day, template and user (sums of the half-hour rollup)'
SECURITY DEFINER AS
SELECT d.day, d.template_id, t.name AS template_name, t.organization_id, d.user_id, u.username,
       CAST(d.usage_minutes AS bigint) AS usage_minutes, d.usage_seconds,
       CAST(d.ssh_minutes AS bigint) AS ssh_minutes, CAST(d.sftp_minutes AS bigint) AS sftp_minutes,
       CAST(d.reconnecting_pty_minutes AS bigint) AS reconnecting_pty_minutes,
       CAST(d.vscode_minutes AS bigint) AS vscode_minutes, CAST(d.jetbrains_minutes AS bigint) AS jetbrains_minutes
FROM gold.template_user_daily_usage d
LEFT JOIN silver.templates t ON t.id = d.template_id
LEFT JOIN silver.users u ON u.id = d.user_id;
COMMENT ON COLUMN analytics.template_user_daily_usage.day IS 'UTC day';
COMMENT ON COLUMN analytics.template_user_daily_usage.template_id IS 'The template';
COMMENT ON COLUMN analytics.template_user_daily_usage.template_name IS 'Template name (latest known)';
COMMENT ON COLUMN analytics.template_user_daily_usage.organization_id IS 'Organization of the template';
COMMENT ON COLUMN analytics.template_user_daily_usage.user_id IS 'The user';
COMMENT ON COLUMN analytics.template_user_daily_usage.username IS 'Username (latest known)';
COMMENT ON COLUMN analytics.template_user_daily_usage.usage_minutes IS 'Active minutes that day in the template';
COMMENT ON COLUMN analytics.template_user_daily_usage.usage_seconds IS 'usage_minutes x 60';
COMMENT ON COLUMN analytics.template_user_daily_usage.ssh_minutes IS 'SSH minutes';
COMMENT ON COLUMN analytics.template_user_daily_usage.sftp_minutes IS 'Always 0, as in Coder';
COMMENT ON COLUMN analytics.template_user_daily_usage.reconnecting_pty_minutes IS 'Web terminal minutes';
COMMENT ON COLUMN analytics.template_user_daily_usage.vscode_minutes IS 'VS Code minutes';
COMMENT ON COLUMN analytics.template_user_daily_usage.jetbrains_minutes IS 'JetBrains minutes';
