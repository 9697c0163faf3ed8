-- The report API logs in as a role that can only read (placeholder api_role, default dw_api).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${api_role}') THEN
        CREATE ROLE ${api_role} LOGIN;
    END IF;
END
$$;
GRANT USAGE ON SCHEMA serving TO ${api_role};
GRANT SELECT ON ALL TABLES IN SCHEMA serving TO ${api_role};
ALTER DEFAULT PRIVILEGES IN SCHEMA serving GRANT SELECT ON TABLES TO ${api_role};
