#!/usr/bin/env bash
# Runs once, when the Postgres container initialises an empty volume: the platform database and, per
# service, a login role owning the schema of the same name with no rights elsewhere. Same rules as
# service-defaults' DatabaseProvisioner, which the local launcher and the tests use.
set -euo pipefail

psql=(psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER")

"${psql[@]}" --dbname postgres <<'SQL'
CREATE DATABASE nakksha ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE nakksha FROM PUBLIC;
SQL

"${psql[@]}" --dbname nakksha <<'SQL'
CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL

for schema in identity booking payment quotation notification analytics; do
  password_variable="${schema^^}_DB_PASSWORD"
  "${psql[@]}" --dbname nakksha --set=schema="$schema" --set=password="${!password_variable:-$schema}" <<'SQL'
CREATE ROLE :"schema" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password';
CREATE SCHEMA :"schema" AUTHORIZATION :"schema";
REVOKE ALL ON SCHEMA :"schema" FROM PUBLIC;
ALTER ROLE :"schema" SET search_path = :"schema", public;
GRANT CONNECT, TEMPORARY ON DATABASE nakksha TO :"schema";
SQL
done
