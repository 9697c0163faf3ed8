-- analytics.v1_activity_hourly
-- What:     Coder v1 activity ("Manage > Metrics", /api/private/metrics/activity) per hour, user, organization
--           and category, from the same minute facts as the v2 reports (SEMANTICS.md Part A 6): a unit of
--           activity is one active minute (logins: one login event), duration = count x 60 s.
--           Categories: ide (web IDE apps, dw.reports.v1.web-ide-slugs), tunnel (SSH, VS Code desktop, JetBrains
--           sessions), web_terminal (web terminal sessions and [terminal] apps), app (other apps, port
--           forwards), login (successful logins), any (the union of the minutes, plus the logins).
-- Grain:    one row per (hour, user_id, organization_id, category) with a count above 0. organization_id NULL
--           rows are the whole deployment (a minute spent in two organizations' templates counts once);
--           the other rows are per organization (the template's; logins count in each of the user's
--           organizations).
-- Upstream: gold.v1_activity_hourly, silver.users.
-- Example:  hours of IDE use per user in the week of 2026-11-02, whole deployment
--           SELECT username, sum(duration_seconds) / 3600.0 AS hours FROM analytics.v1_activity_hourly
--           WHERE organization_id IS NULL AND category = 'ide'
--             AND hour >= TIMESTAMP '2026-11-02 00:00 UTC' AND hour < TIMESTAMP '2026-11-09 00:00 UTC'
--           GROUP BY username ORDER BY hours DESC;
CREATE OR REPLACE VIEW analytics.v1_activity_hourly
COMMENT 'Coder v1 activity per hour, user, organization (NULL: whole deployment) and category'
SECURITY DEFINER AS
SELECT a.hour, a.user_id, u.username, a.organization_id, a.category, a.count, a.count * 60 AS duration_seconds
FROM gold.v1_activity_hourly a
LEFT JOIN silver.users u ON u.id = a.user_id;
COMMENT ON COLUMN analytics.v1_activity_hourly.hour IS 'Start of the UTC hour';
COMMENT ON COLUMN analytics.v1_activity_hourly.user_id IS 'The user (the workspace owner for sessions, the visitor for apps)';
COMMENT ON COLUMN analytics.v1_activity_hourly.username IS 'Username (latest known)';
COMMENT ON COLUMN analytics.v1_activity_hourly.organization_id IS 'Organization of the templates used (logins: of the user''s memberships); NULL = whole deployment';
COMMENT ON COLUMN analytics.v1_activity_hourly.category IS 'ide, tunnel, web_terminal, app, login or any';
COMMENT ON COLUMN analytics.v1_activity_hourly.count IS 'Distinct active minutes in the hour (login: login events; any: minutes of the union plus logins)';
COMMENT ON COLUMN analytics.v1_activity_hourly.duration_seconds IS 'count x 60 (the v1 API reports it in nanoseconds)';
