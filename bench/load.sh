#!/usr/bin/env bash
# Benchmark under load: wrk against gunicorn (2 workers, production settings, loopback only).
#
# Measures, one after the other with the same server: the register page (/communications/, signed in), a bare
# view behind the same middleware (iwg/bench.py, routed only with IWG_BENCH_VIEWS=1) signed in, and the same bare
# view without a session. Goals: register >= 0.3x the bare view; bare view with a session >= 0.6x without.
#
#   bash bench/load.sh            # DURATION=10s CONNECTIONS=32 PORT=8765 DATABASE=iwg_bench_register
# The database is bench/register.py's (run it once with --keep for 100 000 communications); a small one is built
# when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
PORT="${PORT:-8765}"
DATABASE="${DATABASE:-iwg_bench_register}"
SERVER="${IWG_BENCH_SERVER_URL:-postgres://postgres@127.0.0.1:5432}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

if ! psql "$SERVER/postgres" -Atc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'" | grep -q 1; then
  "$PY" bench/register.py --n 10000 --runs 1 --keep --database "$DATABASE" >/dev/null
fi
SESSION="$("$PY" bench/load_setup.py --database "$DATABASE" 2>/tmp/iwg-load-queries.txt | sed -n 's/^SESSION=//p')"
cat /tmp/iwg-load-queries.txt | grep -v '^AXES'

# The environment of production settings on loopback (bench/_common.py: production_environment).
eval "$("$PY" - "$SERVER/$DATABASE" <<'PYEOF'
import shlex, sys
sys.path.insert(0, "bench")
from _common import production_environment
for key, value in production_environment(sys.argv[1]).items():
    print(f"export {key}={shlex.quote(value)}")
PYEOF
)"
export IWG_BENCH_VIEWS=1
.venv/bin/gunicorn iwg.wsgi --workers 2 --bind "127.0.0.1:$PORT" --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/health/" >/dev/null && break; sleep 0.2; done

rate() {  # requests per second of wrk on $1, with the extra arguments
  local url="$1"; shift
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "$@" "http://127.0.0.1:$PORT$url" | awk '/Requests\/sec/ {print $2}'
}
COOKIE="Cookie: sessionid=$SESSION"
curl -sf -H "$COOKIE" "http://127.0.0.1:$PORT/communications/" >/dev/null  # warm both workers' caches
# The slow page last: wrk stops sending at the end of its run, but the server still works off what is queued.
BARE="$(rate /bench/bare/)"
BARE_SESSION="$(rate /bench/bare/ -H "$COOKIE")"
REGISTER="$(rate /communications/ -H "$COOKIE" --timeout 30s)"
echo "wrk ${CONNECTIONS} connections, ${DURATION} each, gunicorn 2 workers (load: $(cut -d' ' -f1-3 /proc/loadavg))"
echo "  register page, signed in      ${REGISTER} req/s"
echo "  bare view, signed in          ${BARE_SESSION} req/s"
echo "  bare view, no session         ${BARE} req/s"
"$PY" - "$REGISTER" "$BARE_SESSION" "$BARE" <<'PYEOF'
import sys
sys.path.insert(0, "bench")
from _common import goal
register, bare_session, bare = (float(value) for value in sys.argv[1:])
goal("load_register_vs_bare_min", register / bare_session, 0.3, at_least=True)
goal("load_session_vs_none_min", bare_session / bare, 0.6, at_least=True)
PYEOF
