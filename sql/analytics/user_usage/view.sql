-- analytics.user_usage
-- What:     each user's usage per half hour over all templates, with Coder's 30-minute cap applied
--           (SEMANTICS.md §12 rule 7: a user working in two templates at once counts at most 30 minutes).
-- Grain:    one row per (start_time, user_id).
-- Upstream: analytics.template_usage.
-- Notes:    for a subset of templates, cap over that subset instead (sql/examples/user_activity.sql).
-- Example:  the ten most active users of the last full week
--           SELECT username, sum(usage_seconds) / 3600.0 AS usage_hours FROM analytics.user_usage
--           WHERE start_time >= TIMESTAMP '2026-01-05 00:00 UTC' AND end_time <= TIMESTAMP '2026-01-12 00:00 UTC'
--           GROUP BY username ORDER BY usage_hours DESC LIMIT 10;
CREATE OR REPLACE VIEW analytics.user_usage
COMMENT 'Half-hour usage per user over all templates, each kind of minute capped at 30 per half hour'
SECURITY DEFINER AS
SELECT
    start_time,
    end_time,
    user_id,
    max(username) AS username,
    max(avatar_url) AS avatar_url,
    array_sort(array_agg(DISTINCT template_id)) AS template_ids,
    least(sum(usage_minutes), 30) AS usage_minutes,
    least(sum(usage_minutes), 30) * 60 AS usage_seconds,
    least(sum(ssh_minutes), 30) AS ssh_minutes,
    least(sum(sftp_minutes), 30) AS sftp_minutes,
    least(sum(reconnecting_pty_minutes), 30) AS reconnecting_pty_minutes,
    least(sum(vscode_minutes), 30) AS vscode_minutes,
    least(sum(jetbrains_minutes), 30) AS jetbrains_minutes
FROM analytics.template_usage
GROUP BY start_time, end_time, user_id;
COMMENT ON COLUMN analytics.user_usage.start_time IS 'Start of the UTC half hour (inclusive)';
COMMENT ON COLUMN analytics.user_usage.end_time IS 'End of the UTC half hour (exclusive)';
COMMENT ON COLUMN analytics.user_usage.user_id IS 'The user';
COMMENT ON COLUMN analytics.user_usage.username IS 'Username (latest known)';
COMMENT ON COLUMN analytics.user_usage.template_ids IS 'Templates the user was active in during the half hour, sorted';
COMMENT ON COLUMN analytics.user_usage.usage_minutes IS 'min(sum of the templates'' active minutes, 30)';
COMMENT ON COLUMN analytics.user_usage.usage_seconds IS 'usage_minutes x 60 (Coder''s user activity seconds)';
COMMENT ON COLUMN analytics.user_usage.ssh_minutes IS 'min(sum of SSH minutes, 30)';
COMMENT ON COLUMN analytics.user_usage.sftp_minutes IS 'Always 0, as in Coder';
COMMENT ON COLUMN analytics.user_usage.reconnecting_pty_minutes IS 'min(sum of web terminal minutes, 30)';
COMMENT ON COLUMN analytics.user_usage.vscode_minutes IS 'min(sum of VS Code minutes, 30)';
COMMENT ON COLUMN analytics.user_usage.jetbrains_minutes IS 'min(sum of JetBrains minutes, 30)';
COMMENT ON COLUMN analytics.user_usage.avatar_url IS 'Avatar URL of the user (latest known)';
