-- GET /api/v2/insights/templates: report.apps_usage (SEMANTICS.md §4.1, §4.3, §12 rules 5, 7, 11, 17).
-- Builtins first, always all five (even with 0 seconds), then the custom apps sorted by slug, display name, icon.
-- seconds = 60 x the sum over (half hour, user) of min(minutes over the selected templates, 30);
-- times_used = runs of consecutive half hours per (user, app) after merging templates.
WITH params AS (
    SELECT
        TIMESTAMP '2026-11-02 00:00:00 +00:00' AS start_time,
        TIMESTAMP '2026-11-04 00:00:00 +00:00' AS end_time,
        CAST(ARRAY[] AS array(varchar)) AS template_ids
), usage AS (
    SELECT a.*
    FROM analytics.app_usage a, params p
    WHERE a.start_time >= p.start_time AND a.end_time <= p.end_time
      AND (cardinality(p.template_ids) = 0 OR contains(p.template_ids, a.template_id))
      AND a.app_type IN ('builtin', 'app')
), capped AS (
    SELECT app_type, slug, display_name, icon, start_time, user_id, least(sum(usage_minutes), 30) AS minutes
    FROM usage
    GROUP BY app_type, slug, display_name, icon, start_time, user_id
), islands AS (
    SELECT app_type, slug, display_name, icon, user_id,
           start_time - dense_rank() OVER (PARTITION BY app_type, slug, display_name, icon, user_id ORDER BY start_time)
               * INTERVAL '30' MINUTE AS island
    FROM capped
), runs AS (
    SELECT app_type, slug, display_name, icon, count(*) AS times_used
    FROM (SELECT DISTINCT app_type, slug, display_name, icon, user_id, island FROM islands)
    GROUP BY app_type, slug, display_name, icon
), apps AS (
    SELECT c.app_type, c.slug, c.display_name, c.icon,
           sum(c.minutes) * 60 AS seconds,
           count(DISTINCT c.user_id) AS active_users,
           max(r.times_used) AS times_used
    FROM capped c
    JOIN runs r ON r.app_type = c.app_type AND r.slug = c.slug AND r.display_name = c.display_name AND r.icon = c.icon
    GROUP BY c.app_type, c.slug, c.display_name, c.icon
), app_templates AS (
    SELECT app_type, slug, display_name, icon, array_sort(array_agg(DISTINCT template_id)) AS template_ids
    FROM usage
    GROUP BY app_type, slug, display_name, icon
), builtins AS (
    SELECT *
    FROM (VALUES (1, 'vscode', 'Visual Studio Code', '/icon/code.svg'),
                 (2, 'jetbrains', 'JetBrains', '/icon/intellij.svg'),
                 (3, 'reconnecting-pty', 'Web Terminal', '/icon/terminal.svg'),
                 (4, 'ssh', 'SSH', '/icon/terminal.svg'),
                 (5, 'sftp', 'SFTP', '/icon/terminal.svg')) AS b (ord, slug, display_name, icon)
)
SELECT type, slug, display_name, icon, template_ids, seconds, times_used, active_users
FROM (
    SELECT b.ord, 'builtin' AS type, b.slug, b.display_name, b.icon,
           coalesce(t.template_ids, CAST(ARRAY[] AS array(varchar))) AS template_ids,
           coalesce(a.seconds, 0) AS seconds, 0 AS times_used, coalesce(a.active_users, 0) AS active_users
    FROM builtins b
    LEFT JOIN apps a ON a.app_type = 'builtin' AND a.slug = b.slug
    LEFT JOIN app_templates t ON t.app_type = 'builtin' AND t.slug = b.slug
    UNION ALL
    SELECT 6, 'app', a.slug, a.display_name, a.icon, t.template_ids, a.seconds, a.times_used, a.active_users
    FROM apps a
    JOIN app_templates t ON t.app_type = a.app_type AND t.slug = a.slug AND t.display_name = a.display_name AND t.icon = a.icon
    WHERE a.app_type = 'app'
)
ORDER BY ord, slug, display_name, icon
