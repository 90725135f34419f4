# Shared helpers for the project's scripts. Source it; it changes nothing by itself.
# shellcheck shell=bash

log() { printf '\033[1;34m[digis]\033[0m %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=""
apt_install() {
  # apt_install PACKAGE...: installs what is missing (one 'apt-get update' per run).
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Local PostgreSQL on 127.0.0.1:5432 with user postgres / password postgres (development and tests only).
ensure_postgres() {
  if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
    apt_install postgresql
  fi
  local version cluster
  read -r version cluster _ < <(pg_lsclusters -h | head -n 1)
  if ! pg_lsclusters -h | head -n 1 | grep -q online; then
    log "starting PostgreSQL $version/$cluster"
    as_root pg_ctlcluster "$version" "$cluster" start
  fi
  for _ in $(seq 1 30); do
    as_root runuser -u postgres -- psql -qtAc "select 1" >/dev/null 2>&1 && break
    sleep 1
  done
  as_root runuser -u postgres -- psql -qtAc "ALTER USER postgres PASSWORD 'postgres'" >/dev/null
  # Room for the test suites and the benchmark's clients.
  local max
  max=$(as_root runuser -u postgres -- psql -qtAc "show max_connections")
  if [ "${max:-100}" -lt 300 ]; then
    as_root runuser -u postgres -- psql -qtAc "ALTER SYSTEM SET max_connections = 300" >/dev/null
    as_root pg_ctlcluster "$version" "$cluster" restart
  fi
}

# Processes of the product, started from their Release build output (build first). Logs go to $run_dir.
run_dir=.run/logs
proc_pids=()

proc_start() { # proc_start NAME PROJECT URL [ENV=VALUE…]
  local name=$1 project=$2 url=$3; shift 3
  mkdir -p "$run_dir"
  (cd "src/$project" && exec env "$@" dotnet "bin/Release/net10.0/Digis.$project.dll" --urls "$url") >"$run_dir/$name.log" 2>&1 &
  proc_pids+=($!)
}

proc_wait_ready() { # proc_wait_ready NAME URL [PATH]
  for _ in $(seq 1 120); do
    curl -fs "$2${3:-/health/ready}" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  log "$1 did not become ready; see $run_dir/$1.log"; tail -n 30 "$run_dir/$1.log" >&2; exit 1
}

proc_stop_all() {
  for pid in "${proc_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}

# The web client (src/Web): exact dependencies from the lock file, then the Vite build into src/Web/dist.
build_web() {
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  log "building the web client"
  (cd src/Web && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build >/dev/null)
}
