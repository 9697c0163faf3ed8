-- analytics.user_daily_usage
-- What:     each user's usage per UTC day over all templates, with Coder's 30-minute cap per half hour applied
--           before summing (SEMANTICS.md §4 conventions, §12 rule 7), precomputed by Spark.
-- Grain:    one row per (day, user_id) with usage.
-- Upstream: gold.user_daily_usage, silver.users.
-- Example:  usage hours per user in November 2026
--           SELECT username, sum(usage_seconds) / 3600.0 AS hours FROM analytics.user_daily_usage
--           WHERE day BETWEEN DATE '2026-11-01' AND DATE '2026-11-30' GROUP BY username ORDER BY hours DESC;
CREATE OR REPLACE VIEW analytics.user_daily_usage
COMMENT 'Usage per user and UTC day over all templates (30-minute cap per half hour applied)'
SECURITY DEFINER AS
SELECT d.day, d.user_id, u.username, d.template_ids,
       CAST(d.usage_minutes AS bigint) AS usage_minutes, d.usage_seconds,
       CAST(d.ssh_minutes AS bigint) AS ssh_minutes, CAST(d.sftp_minutes AS bigint) AS sftp_minutes,
       CAST(d.reconnecting_pty_minutes AS bigint) AS reconnecting_pty_minutes,
       CAST(d.vscode_minutes AS bigint) AS vscode_minutes, CAST(d.jetbrains_minutes AS bigint) AS jetbrains_minutes
FROM gold.user_daily_usage d
LEFT JOIN silver.users u ON u.id = d.user_id;
COMMENT ON COLUMN analytics.user_daily_usage.day IS 'UTC day';
COMMENT ON COLUMN analytics.user_daily_usage.user_id IS 'The user';
COMMENT ON COLUMN analytics.user_daily_usage.username IS 'Username (latest known)';
COMMENT ON COLUMN analytics.user_daily_usage.template_ids IS 'Templates used that day, sorted';
COMMENT ON COLUMN analytics.user_daily_usage.usage_minutes IS 'Sum over the day''s half hours of min(minutes over templates, 30)';
COMMENT ON COLUMN analytics.user_daily_usage.usage_seconds IS 'usage_minutes x 60';
COMMENT ON COLUMN analytics.user_daily_usage.ssh_minutes IS 'SSH minutes, capped the same way';
COMMENT ON COLUMN analytics.user_daily_usage.sftp_minutes IS 'Always 0, as in Coder';
COMMENT ON COLUMN analytics.user_daily_usage.reconnecting_pty_minutes IS 'Web terminal minutes, capped the same way';
COMMENT ON COLUMN analytics.user_daily_usage.vscode_minutes IS 'VS Code minutes, capped the same way';
COMMENT ON COLUMN analytics.user_daily_usage.jetbrains_minutes IS 'JetBrains minutes, capped the same way';
