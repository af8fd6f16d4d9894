# Shared by bench/run and bench/mixed (sourced, not run): tools, production settings on
# loopback, the bench database with its scale data (loaded once), gunicorn on a free port.
# The caller sets ROOT and may set IDEAS before sourcing.
# shellcheck shell=bash

IDEAS=${IDEAS:-${BENCH_IDEAS:-100000}}
REQUESTS=${BENCH_REQUESTS:-$((IDEAS / 10))}
MEMBERS=${BENCH_MEMBERS:-$((IDEAS / 2))}
DURATION=${BENCH_DURATION:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
PORT=${BENCH_PORT:-}
DB=${BENCH_DB:-partnership_bench}
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
WORK=$(mktemp -d /tmp/bench.XXXXXX)
PY="$ROOT/.venv/bin/python"

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# --- tools -------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  log "installing wrk"
  if [ "$(id -u)" = 0 ]; then apt-get install -y wrk >/dev/null; else sudo apt-get install -y wrk >/dev/null; fi
fi
[ -x "$PY" ] || make install

# --- environment: production settings, generated secret, loopback only -------------------------
export DATABASE_URL="$PG/$DB"
export REDIS_URL=${BENCH_REDIS:-redis://127.0.0.1:6379/7}
export DJANGO_SETTINGS_MODULE=bench.bench_settings
export DEBUG=0
export SECRET_KEY
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0
export STATIC_MANIFEST=1
export CONN_MAX_AGE=${CONN_MAX_AGE:-600}
export LOG_LEVEL=WARNING
export ADMIN_REQUIRE_MFA=1
# The API's rate limits would answer 429 to wrk: raised, but still counted in Redis as usual.
export API_RATE_IP=100000000/min API_RATE_KEY=100000000/min

psql_q() { psql "$PG/$DB" -tAc "$1"; }

# --- database, demo and scale data (once) ------------------------------------------------------
if ! psql "$PG/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  log "creating database $DB"
  psql "$PG/postgres" -qc "CREATE DATABASE $DB"
fi
log "migrating"
"$PY" manage.py migrate --no-input -v0
have=$(psql_q "SELECT count(*) FROM ideas_idea i JOIN accounts_user u ON u.id = i.author_id WHERE u.email LIKE 'scale-%@example.invalid'" 2>/dev/null || echo 0)
if [ "$have" != "$IDEAS" ]; then
  log "loading demo data"
  DEBUG=1 "$PY" manage.py load_demo >/dev/null
  log "generating scale data: $IDEAS ideas, $REQUESTS requests, $MEMBERS members (had $have)"
  start=$(date +%s)
  DEBUG=1 "$PY" manage.py make_scale_data --reset --ideas "$IDEAS" --requests "$REQUESTS" --members "$MEMBERS"
  log "scale data took $(( $(date +%s) - start )) s"
else
  log "reusing $have scale ideas already in $DB"
fi
if ! "$PY" manage.py collectstatic --no-input -v0 >"$WORK/collectstatic.log" 2>&1; then
  log "collectstatic failed (see below); serving static without the manifest"
  tail -5 "$WORK/collectstatic.log" >&2
  export STATIC_MANIFEST=0
fi
redis-cli -u "$REDIS_URL" flushdb >/dev/null 2>&1 || true

# --- gunicorn (on a free loopback port: never someone else's server) -------------------------
if [ -z "$PORT" ]; then
  PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fi
if ss -ltn "sport = :$PORT" | grep -q LISTEN; then log "port $PORT is taken"; exit 1; fi
BASE="http://127.0.0.1:${PORT}"
# ----------------------------------------------------------------------------------
GUNICORN_PID=""
cleanup() {
  if declare -F before_cleanup >/dev/null; then before_cleanup || true; fi
  if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill -TERM "$GUNICORN_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$GUNICORN_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

start_gunicorn() {
  log "starting gunicorn on 127.0.0.1:$PORT (2 workers${1:+, $1})"
  "$ROOT/.venv/bin/gunicorn" partnership.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 \
    --timeout 60 --access-logfile /dev/null --error-logfile - >>"$WORK/gunicorn.log" 2>&1 &
  GUNICORN_PID=$!
  for _ in $(seq 1 60); do
    kill -0 "$GUNICORN_PID" 2>/dev/null || { cat "$WORK/gunicorn.log" >&2; exit 1; }
    curl -fs -o /dev/null "$BASE/bench/trivial" && break
    sleep 0.5
  done
  curl -fs -o /dev/null "$BASE/bench/trivial" || { cat "$WORK/gunicorn.log" >&2; exit 1; }
}

stop_gunicorn() {
  kill -TERM "$GUNICORN_PID" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.5; done
  GUNICORN_PID=""
}

worker_rss() {
  local out=""
  for pid in $(pgrep -P "$GUNICORN_PID"); do
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    out="$out $((hwm / 1024)) MB"
  done
  echo "$out"
}

