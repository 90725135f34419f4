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
pg_setting() { # pg_setting NAME VALUE: ALTER SYSTEM unless it is already so; true when it changed
  [ "$(as_root runuser -u postgres -- psql -qtAc "SELECT pg_size_bytes(current_setting('$1')) = pg_size_bytes('$2')")" = t ] && return 1
  as_root runuser -u postgres -- psql -qtAc "ALTER SYSTEM SET $1 = '$2'" >/dev/null
}

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
  # Room for the test suites and the benchmark's clients, and memory sized to the machine instead of the
  # packaged defaults (128 MB of shared buffers, a checkpoint every 1 GB of WAL): a quarter of RAM up to
  # 4 GB, and checkpoints far enough apart that bulk writes are not doubled by full-page images.
  local mem_mb buffers_mb changed=""
  mem_mb=$(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo)
  buffers_mb=$(( mem_mb / 4 > 4096 ? 4096 : mem_mb / 4 ))
  pg_setting max_connections 300 && changed=1
  pg_setting shared_buffers "${buffers_mb}MB" && changed=1
  pg_setting max_wal_size 4GB && changed=1
  if [ -n "$changed" ]; then
    log "restarting PostgreSQL $version/$cluster with the project's settings"
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
