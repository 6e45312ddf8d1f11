#!/usr/bin/env bash
# A PostgreSQL server for the tests of the province store (Debian/Ubuntu).
#
#   bash scripts/postgres.sh          make sure a server runs, print the test database's URL
#   bash scripts/postgres.sh stop     stop the cluster this script uses
#
# On success it prints ONE line on stdout, the SQLAlchemy URL of the test database
# (postgresql+psycopg:///doingoai_test, over the Unix socket with peer authentication, so no
# password), and everything else on stderr. `make test` passes that URL to pytest as
# DOINGOAI_TEST_PG. When PostgreSQL cannot be had it prints nothing on stdout, says why
# on stderr and exits 1: the PostgreSQL half of the tests is then reported as skipped.
#
# What it does, each step only when needed (a second run costs a fraction of a second):
#   1. apt-get install postgresql when pg_ctlcluster is missing (the package does not start
#      the server: there is no init system here);
#   2. creates a cluster when there is none, starts the newest one (pg_ctlcluster VER NAME start;
#      "already running" is fine) and waits until it accepts connections;
#   3. creates a login role named after the user running the tests (superuser: the tests create
#      and drop schemas) and the database, owned by that role.
#
# Environment:
#   DOINGOAI_TEST_PG_DB=name    test database name (default doingoai_test)
#   SKIP_APT=1                  never run apt-get (then PostgreSQL must already be installed)
set -euo pipefail

DB="${DOINGOAI_TEST_PG_DB:-doingoai_test}"
ME="$(id -un)"

say() { printf '[postgres] %s\n' "$*" >&2; }
give_up() {
    say "PostgreSQL NOT AVAILABLE: $*"
    say "The PostgreSQL half of the storage/services/sync tests will be SKIPPED."
    exit 1
}

as_root() {
    if [[ "$(id -u)" == "0" ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo -n "$@"
    else
        return 1
    fi
}

# Run a command as the postgres superuser (the cluster's owner).
as_postgres() {
    if [[ "$ME" == "postgres" ]]; then
        "$@"
    elif [[ "$(id -u)" == "0" ]] && command -v runuser >/dev/null 2>&1; then
        runuser -u postgres -- "$@"
    elif [[ "$(id -u)" == "0" ]]; then
        su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    else
        sudo -n -u postgres "$@"
    fi
}

# --------------------------------------------------------------------------- 1. install
have_server() {
    command -v pg_ctlcluster >/dev/null 2>&1 && command -v pg_lsclusters >/dev/null 2>&1 \
        && compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}

if ! have_server; then
    [[ "${SKIP_APT:-0}" != "1" ]] || give_up "not installed, and SKIP_APT=1 forbids apt-get."
    command -v apt-get >/dev/null 2>&1 || give_up "not installed, and this is not an apt system."
    say "Installing PostgreSQL with apt-get (Debian's postgresql package)..."
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq >&2 || give_up "apt-get update failed (not root and no sudo, or no network)."
    as_root apt-get install -y -qq --no-install-recommends postgresql >/dev/null \
        || give_up "apt-get install postgresql failed."
    have_server || give_up "apt-get installed postgresql, but no server or pg_ctlcluster was found."
fi

# --------------------------------------------------------------------------- 2. cluster
# pg_lsclusters -h: "VERSION NAME PORT STATUS OWNER DATADIR LOGFILE", oldest first.
cluster="$(pg_lsclusters -h 2>/dev/null | tail -n 1 || true)"
if [[ -z "$cluster" ]]; then
    version="$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1)"
    [[ -n "$version" ]] || give_up "no server binaries under /usr/lib/postgresql."
    say "Creating cluster $version/main..."
    as_root pg_createcluster "$version" main >&2 || give_up "pg_createcluster $version main failed."
    cluster="$(pg_lsclusters -h | tail -n 1)"
fi
read -r version name port status _rest <<<"$cluster"

if [[ "${1:-}" == "stop" ]]; then
    [[ "$status" != online* ]] || as_root pg_ctlcluster "$version" "$name" stop >&2
    say "Cluster $version/$name stopped."
    exit 0
fi

if [[ "$status" != online* ]]; then
    say "Starting cluster $version/$name (port $port)..."
    out="$(as_root pg_ctlcluster "$version" "$name" start 2>&1)" \
        || [[ "$out" == *"already running"* ]] \
        || give_up "pg_ctlcluster $version $name start: $out"
fi

# the socket directory of Debian's clusters; wait until the server accepts connections
for _ in $(seq 1 50); do
    if pg_isready -q -p "$port" -h /var/run/postgresql; then
        break
    fi
    sleep 0.2
done
pg_isready -q -p "$port" -h /var/run/postgresql \
    || give_up "cluster $version/$name does not accept connections (see /var/log/postgresql/)."

# --------------------------------------------------------------------------- 3. role + database
psql_pg() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres -tA "$@"; }

if [[ "$(psql_pg -c "SELECT 1 FROM pg_roles WHERE rolname = '$ME'")" != "1" ]]; then
    say "Creating login role \"$ME\"..."
    psql_pg -c "CREATE ROLE \"$ME\" SUPERUSER LOGIN" >&2 || give_up "could not create role $ME."
fi
if [[ "$(psql_pg -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]]; then
    say "Creating database $DB owned by $ME..."
    psql_pg -c "CREATE DATABASE \"$DB\" OWNER \"$ME\" ENCODING 'UTF8' TEMPLATE template0" >&2 \
        || give_up "could not create database $DB."
    # a test database: a crash may lose the last commits, never corrupt; commits need no fsync wait
    psql_pg -c "ALTER DATABASE \"$DB\" SET synchronous_commit = off" >&2 || true
fi

say "PostgreSQL $version/$name on port $port: database $DB ready for $ME."
if [[ "$port" == "5432" ]]; then
    printf 'postgresql+psycopg:///%s\n' "$DB"
else
    printf 'postgresql+psycopg:///%s?host=/var/run/postgresql&port=%s\n' "$DB" "$port"
fi
