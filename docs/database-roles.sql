-- One-time setup of the database roles for `npm run api` / `npm run worker` (README, Database roles).
-- Run as a PostgreSQL administrator, replacing the passwords. Idempotent parts aside, each statement
-- runs once per server (roles) or once per database (the database and its ownership).
--
--   relief_owner  owns the tables and runs the migrations          -> MIGRATION_DATABASE_URL
--   relief_app    group role, created by the app_role migration    (NOLOGIN; the grants live here)
--   relief_api    what the API and worker log in as (member of relief_app) -> DATABASE_URL

CREATE ROLE relief_owner LOGIN PASSWORD 'change-me-owner';
CREATE DATABASE relief OWNER relief_owner;
-- The app_role migration creates relief_app itself when relief_owner may create roles (CREATEROLE);
-- otherwise create it here first (and skip this line where it already exists):
CREATE ROLE relief_app NOLOGIN;
CREATE ROLE relief_api LOGIN PASSWORD 'change-me-app';
GRANT relief_app TO relief_api;

-- Then, with MIGRATION_DATABASE_URL=postgresql://relief_owner:…@host:5432/relief
--   npm run migrate
-- and start the processes with DATABASE_URL=postgresql://relief_api:…@host:5432/relief
-- (and MIGRATION_DATABASE_URL as above, so that every start can apply pending migrations).
