-- The application's database role (issue #17 item 7, DESIGN.md §14). Migrations run as the owner of
-- the tables; the API and worker connect as a login role that is a member of relief_app and hold only
-- what relief_app is granted here. The audit and event tables are append-only for it: INSERT and
-- SELECT, no UPDATE, DELETE or TRUNCATE, so a taken-over application connection cannot rewrite who read
-- whose file or what happened to a case. The schema is unchanged (no Prisma model differs), which is
-- why this migration was written by hand next to a copy of the schema as of now.
--
-- A role belongs to the whole PostgreSQL server, not to one database: it is created once if absent
-- (two databases migrating at the same instant may both try, hence the caught duplicate), and the
-- grants below are per database. Without the right to create roles, the owner gets one clear line
-- asking the administrator to create it first.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'relief_app') THEN
    BEGIN
      CREATE ROLE relief_app NOLOGIN;
    EXCEPTION
      WHEN duplicate_object OR unique_violation THEN NULL;
      WHEN insufficient_privilege THEN
        RAISE EXCEPTION 'role relief_app does not exist and % may not create it', current_user
          USING HINT = 'as an administrator run once: CREATE ROLE relief_app NOLOGIN; then migrate again';
    END;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO relief_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO relief_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO relief_app;

-- Append-only for the application.
REVOKE UPDATE, DELETE, TRUNCATE ON access_log, access_audit, case_events, escalation_feed FROM relief_app;

-- Migration bookkeeping is the owner's to write. The application may read it, so that a process
-- started with only DATABASE_URL finds nothing pending (after `npm run migrate` as the owner) and
-- starts, or else stops with one line asking for MIGRATION_DATABASE_URL.
REVOKE ALL ON _prisma_migrations FROM relief_app;
GRANT SELECT ON _prisma_migrations TO relief_app;

-- Tables and sequences later migrations create (as this same owner) get the same grants. A later
-- append-only table must REVOKE UPDATE, DELETE, TRUNCATE in its own migration, as above.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO relief_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO relief_app;
