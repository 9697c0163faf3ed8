-- analytics.template_apps
-- What:     the custom apps (coder_app) of each template: for every (template, slug) the most recently
--           created app definition found through the template's workspaces, builds, resources and agents,
--           deleted workspaces included (SEMANTICS.md §4.3, §12 rule 5). Its display name and icon are what
--           the app usage report shows.
-- Grain:    one row per (template_id, slug).
-- Upstream: silver.workspaces, silver.workspace_builds, silver.workspace_resources, silver.workspace_agents,
--           silver.workspace_apps.
-- Example:  SELECT slug, display_name, icon FROM analytics.template_apps
--           WHERE template_id = '...' ORDER BY slug;
CREATE OR REPLACE VIEW analytics.template_apps
COMMENT 'Custom apps per template: the latest definition per slug, with display name and icon'
SECURITY DEFINER AS
SELECT template_id, slug, display_name, icon, created_at
FROM (
    SELECT
        w.template_id,
        a.slug,
        coalesce(a.display_name, '') AS display_name,
        coalesce(a.icon, '') AS icon,
        a.created_at,
        row_number() OVER (PARTITION BY w.template_id, a.slug ORDER BY a.created_at DESC, a.id DESC) AS rn
    FROM silver.workspaces w
    JOIN silver.workspace_builds b ON b.workspace_id = w.id
    JOIN silver.workspace_resources r ON r.job_id = b.job_id
    JOIN silver.workspace_agents ag ON ag.resource_id = r.id
    JOIN silver.workspace_apps a ON a.agent_id = ag.id
)
WHERE rn = 1;
COMMENT ON COLUMN analytics.template_apps.template_id IS 'The template';
COMMENT ON COLUMN analytics.template_apps.slug IS 'App slug (the key of app_usage_minutes)';
COMMENT ON COLUMN analytics.template_apps.display_name IS 'Display name of the most recently created definition';
COMMENT ON COLUMN analytics.template_apps.icon IS 'Icon of the most recently created definition';
COMMENT ON COLUMN analytics.template_apps.created_at IS 'When that definition was created';
