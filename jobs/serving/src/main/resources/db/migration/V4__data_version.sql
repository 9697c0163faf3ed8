-- The serving data's version: one row, raised once by every transaction that writes a table the reports read (the
-- exporter's upserts and prunes, the derived tables, a manual fix). The report API keeps answers keyed by it, so an
-- answer is reused only while nothing it could depend on has changed. The row is updated in the writer's own
-- transaction: a reader sees the new version exactly when it can see the new rows, and an answer computed after it
-- read version v holds data at least as new as v (never older), so no answer outlives the data it came from.
-- A JDBC batch runs one statement per row: the trigger raises the version on the transaction's first write only
-- (a transaction-local setting remembers it), so a chunk of 1,000 upserts costs one row update, not 1,000.
CREATE TABLE serving.data_version (
    only_row boolean     PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    version  bigint      NOT NULL,
    changed  timestamptz NOT NULL
);
INSERT INTO serving.data_version VALUES (TRUE, 1, now());

CREATE FUNCTION serving.raise_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('dw.data_version_raised', TRUE) IS DISTINCT FROM 'yes' THEN
        UPDATE serving.data_version SET version = version + 1, changed = now();
        PERFORM set_config('dw.data_version_raised', 'yes', TRUE);
    END IF;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['usage_buckets', 'app_usage_buckets', 'user_daily_usage', 'template_user_daily_usage',
                             'v1_activity_hourly', 'workspace_builds', 'build_parameters', 'users', 'organizations',
                             'organization_members', 'templates', 'group_members', 'template_apps']
    LOOP
        EXECUTE format('CREATE TRIGGER raise_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON serving.%I'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION serving.raise_data_version()', t);
    END LOOP;
END
$$;

GRANT SELECT ON serving.data_version TO ${api_role};
