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
  # Full-page images are most of what bulk writes (a metering pass) put in the WAL: lz4 halves the WAL (ADR 0119).
  # A reload applies it; a server built without lz4 keeps its own setting.
  if [ "$(as_root runuser -u postgres -- psql -qtAc "SHOW wal_compression")" != lz4 ] &&
     [ "$(as_root runuser -u postgres -- psql -qtAc "SELECT 'lz4' = ANY (enumvals) FROM pg_settings WHERE name = 'wal_compression'")" = t ]; then
    as_root runuser -u postgres -- psql -qtAc "ALTER SYSTEM SET wal_compression = 'lz4'" >/dev/null
    as_root runuser -u postgres -- psql -qtAc "SELECT pg_reload_conf()" >/dev/null
  fi
  if [ -n "$changed" ]; then
    log "restarting PostgreSQL $version/$cluster with the project's settings"
    as_root pg_ctlcluster "$version" "$cluster" restart
  fi
}

# The role the hosts connect as (scripts/app-role.sql: `digis`, which cannot write the ledger's tables; SPEC §19). Migrations
# run as the owner, postgres here. ensure_app_role [PSQL_CONNINFO]: on the local cluster, or on the server the conninfo names.
app_connection() { echo "Username=digis;Password=digis"; }
ensure_app_role() {
  if [ -n "${1:-}" ]; then
    (cd / && as_postgres "$ha_pg_bin/psql" "$1" -qtA -v ON_ERROR_STOP=1 >/dev/null) < scripts/app-role.sql
  else
    as_root runuser -u postgres -- psql -qtA -v ON_ERROR_STOP=1 >/dev/null < scripts/app-role.sql
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

bg_start() { # bg_start NAME COMMAND…: any other process of the stack, in the background, logging to $run_dir/NAME.log
  local name=$1; shift
  mkdir -p "$run_dir"
  "$@" >"$run_dir/$name.log" 2>&1 &
  proc_pids+=($!)
}

port_free() { # port_free PORT: true when nothing listens on it
  ! ss -ltnH "sport = :$1" 2>/dev/null | grep -q .
}

proc_stop_all() {
  for pid in "${proc_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}

# coturn (SPEC §17) for calls' TURN and STUN, with use-auth-secret: the API derives each participant's time-limited
# TURN REST credential from the shared secret, kept in .run/turn-secret across starts. Stopped with the other processes.
turn_start() { # turn_start PORT
  local port=$1 secret_file=.run/turn-secret
  apt_install coturn
  if ss -ltnH "( sport = :$port )" 2>/dev/null | grep -q .; then
    log "port $port is taken (a system coturn?): stop it, or set Calls__TurnUrls and Calls__TurnSecret to use it"; exit 1
  fi
  mkdir -p .run "$run_dir"
  [ -s "$secret_file" ] || (umask 077 && head -c 24 /dev/urandom | base64 >"$secret_file")
  turnserver -n --listening-ip=127.0.0.1 --listening-port="$port" --relay-ip=127.0.0.1 --use-auth-secret \
    --static-auth-secret="$(cat "$secret_file")" --realm=digis --fingerprint --no-tls --no-dtls --no-cli \
    --no-multicast-peers --allow-loopback-peers --log-file=stdout --simple-log --pidfile="$PWD/.run/turnserver.pid" \
    >"$run_dir/turn.log" 2>&1 &
  proc_pids+=($!)
  for _ in $(seq 1 40); do
    ss -ltnH "( sport = :$port )" 2>/dev/null | grep -q . && return 0
    sleep 0.25
  done
  log "coturn did not start; see $run_dir/turn.log"; tail -n 20 "$run_dir/turn.log" >&2; exit 1
}

# The web client (src/Web): exact dependencies from the lock file, then the Vite build into src/Web/dist.
build_web() {
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  log "building the web client"
  (cd src/Web && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build >/dev/null)
}

# PostgreSQL under pg_auto_failover (SPEC §12; scripts/ha.sh, start.sh --ha, the failover test): a monitor and
# two data nodes on loopback ports, everything under one folder, run by pg_autoctl as the postgres user.
ha_pg_bin=/usr/lib/postgresql/15/bin

as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else as_root runuser -u postgres -- "$@"; fi; }

ha_autoctl() { # ha_autoctl DIR ARG…: pg_autoctl with its configuration and state kept under DIR
  local dir=$1; shift
  # From the cluster's folder: the caller's may be closed to the postgres user (a checkout under /root).
  (cd "$dir" && as_postgres env PATH="$ha_pg_bin:$PATH" XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/state" \
    XDG_RUNTIME_DIR="$dir/run" pg_autoctl "$@")
}

ha_psql() { # ha_psql PORT DATABASE SQL
  (cd / && as_postgres "$ha_pg_bin/psql" -h 127.0.0.1 -p "$1" -U postgres -d "$2" -qtAc "$3")
}

ha_created() { [ -f "$1/config/pg_autoctl$1/$2/pg_autoctl.cfg" ]; } # ha_created DIR NODE

ha_running() { ha_autoctl "$1" status --pgdata "$1/$2" >/dev/null 2>&1; } # ha_running DIR NODE

ha_settled() { # ha_settled DIR NODE: waits until no process of the node's 'pg_autoctl create' is left
  # 'create' returns while its services may still be stopping; one that exits after 'pg_autoctl run' started removes
  # the run's pid file and log semaphore under it ("PID file not found", "Failed to acquire a lock with semaphore").
  for _ in $(seq 1 60); do pgrep -f -- "--pgdata $1/$2( |\$)|-D $1/$2( |\$)" >/dev/null || return 0; sleep 0.25; done
  log "the processes that created $2 did not exit:"; pgrep -af -- "$1/$2" >&2; return 1
}

ha_start() { # ha_start DIR NODE: runs 'pg_autoctl run' for the node in a session of its own, unless it runs
  local dir=$1 node=$2
  ha_running "$dir" "$node" && return 0
  # The whole background job writes to the log: no process of it may hold the caller's output open (a test reads
  # this script's output to its end).
  (cd "$dir" && as_postgres setsid env PATH="$ha_pg_bin:$PATH" XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/state" \
    XDG_RUNTIME_DIR="$dir/run" pg_autoctl run --pgdata "$dir/$node") >>"$dir/$node.log" 2>&1 </dev/null &
  # 'status' is asked only once the run's pid file is whole (pid, PGDATA, two versions, the log semaphore's id): one that
  # reads the file while the run is still writing it can take it for stale and remove it, with its semaphore, and the
  # run then quits ("PID file not found"; its services: "Failed to acquire a lock with semaphore").
  local pidfile="$dir/run/pg_autoctl$dir/$node/pg_autoctl.pid"
  for _ in $(seq 1 60); do
    [ "$(wc -l 2>/dev/null <"$pidfile" || echo 0)" -ge 5 ] && ha_running "$dir" "$node" && return 0
    sleep 0.5
  done
  log "pg_autoctl did not start $node; see $dir/$node.log"; tail -n 20 "$dir/$node.log" >&2; return 1
}

ha_stop() { # ha_stop DIR: the data nodes, then the monitor
  local node
  for node in node2 node1 monitor; do
    ha_running "$1" "$node" && ha_autoctl "$1" stop --pgdata "$1/$node" >/dev/null 2>&1 || true
  done
  for node in node2 node1 monitor; do
    for _ in $(seq 1 40); do ha_running "$1" "$node" || break; sleep 0.5; done
  done
}

# How fast the monitor declares a primary dead and promotes the standby (docs/decisions/0011-database-high-availability.md): health checks every second, 1 s connect timeout, 2 retries 0.5 s apart; unhealthy after
# 5 s without a report from the node's pg_autoctl; the standby is promoted 6 s after the old primary was told
# to demote. A partitioned primary's pg_autoctl stops its PostgreSQL after 5 s without the monitor and the
# standby (network_partition_timeout), before the 6 s are up. Defaults: 5 s, 5 s, 2, 2 s, 20 s, 30 s, 20 s.
ha_monitor_settings=(health_check_period=1000 health_check_timeout=1000 health_check_max_retries=2
  health_check_retry_delay=500 node_considered_unhealthy_timeout=5000 primary_demote_timeout=6000)
ha_network_partition_timeout=5

ha_up() { # ha_up DIR MONITOR_PORT PORT1 PORT2: creates what is missing, starts what is stopped, waits for both nodes
  local dir=$1 monitor_port=$2 port1=$3 port2=$4 setting
  local monitor="postgres://autoctl_node@127.0.0.1:$monitor_port/pg_auto_failover?sslmode=disable"
  apt_install postgresql-15 postgresql-15-auto-failover pg-auto-failover-cli procps
  as_root chown postgres:postgres "$dir"
  as_postgres mkdir -p "$dir/config" "$dir/state" "$dir/run"

  if ! ha_created "$dir" monitor; then
    log "creating the pg_auto_failover monitor on 127.0.0.1:$monitor_port in $dir"
    ha_autoctl "$dir" create monitor --pgdata "$dir/monitor" --pgport "$monitor_port" --hostname 127.0.0.1 \
      --auth trust --no-ssl >>"$dir/monitor.log" 2>&1
    ha_autoctl "$dir" config set --pgdata "$dir/monitor" postgresql.listen_addresses 127.0.0.1 >/dev/null
    ha_settled "$dir" monitor
  fi
  ha_start "$dir" monitor
  for _ in $(seq 1 60); do ha_psql "$monitor_port" pg_auto_failover "SELECT 1" >/dev/null 2>&1 && break; sleep 0.5; done
  for setting in "${ha_monitor_settings[@]}"; do
    ha_psql "$monitor_port" pg_auto_failover "ALTER SYSTEM SET pgautofailover.${setting%%=*} = ${setting#*=}" >/dev/null
  done
  ha_psql "$monitor_port" pg_auto_failover "SELECT pg_reload_conf()" >/dev/null

  ha_node "$dir" node1 "$port1" "$monitor" ""
  ha_node "$dir" node2 "$port2" "$monitor" "$port1"
  log "waiting for a primary and a synchronous standby"
  for _ in $(seq 1 120); do
    [ "$(ha_psql "$monitor_port" pg_auto_failover "SELECT string_agg(reportedstate::text || '/' || goalstate::text, ' ' ORDER BY reportedstate::text)
          FROM pgautofailover.node")" = "primary/primary secondary/secondary" ] && return 0
    sleep 0.5
  done
  log "the cluster did not settle:"; PG_AUTOCTL_MONITOR=$monitor pg_autoctl show state >&2; return 1
}

ha_node() { # ha_node DIR NODE PORT MONITOR_URI [PRIMARY_PORT]: a data node; the second one starts as the standby
  local dir=$1 node=$2 port=$3 monitor=$4 primary_port=$5 nudge=""
  if ! ha_created "$dir" "$node"; then
    log "creating PostgreSQL node $node on 127.0.0.1:$port"
    if [ -n "$primary_port" ]; then
      # The standby's base backup starts at the primary's next checkpoint: ask for one while it waits.
      (for _ in $(seq 1 60); do sleep 2; ha_psql "$primary_port" postgres CHECKPOINT || true; done) >/dev/null 2>&1 </dev/null &
      nudge=$!
    fi
    ha_autoctl "$dir" create postgres --pgdata "$dir/$node" --pgport "$port" --hostname 127.0.0.1 --listen 127.0.0.1 \
      --name "$node" --monitor "$monitor" --auth trust --no-ssl --replication-quorum true >>"$dir/$node.log" 2>&1
    [ -n "$nudge" ] && kill "$nudge" 2>/dev/null
    ha_autoctl "$dir" config set --pgdata "$dir/$node" timeout.network_partition_timeout "$ha_network_partition_timeout" >/dev/null
    ha_settled "$dir" "$node"
  fi
  ha_start "$dir" "$node"
}

# Prometheus beside the stack (SPEC §20; ops/prometheus). The Debian packages bring promtool, amtool and Alertmanager.
observability_install() { apt_install prometheus prometheus-alertmanager; }

# The configuration loads, the rules load, every alert's promtool tests pass (CI runs this through scripts/test.sh).
check_prometheus() {
  observability_install
  promtool check config ops/prometheus/prometheus.yml &&
    promtool test rules ops/prometheus/tests/*.yml &&
    amtool check-config ops/prometheus/alertmanager.yml
}

# observability_config DIR API_PORTS ADMIN_PORT GATEWAY_METRICS_PORT PROMETHEUS_PORT ALERTMANAGER_PORT: a copy of
# ops/prometheus in DIR whose targets are this stack's (API_PORTS: space-separated).
observability_config() {
  local dir=$1 api_ports=$2 admin=$3 gateway=$4 prometheus=$5 alertmanager=$6 targets="" port
  rm -rf "$dir" && mkdir -p "$dir/targets"
  cp ops/prometheus/*.yml "$dir/"
  for port in $api_ports; do targets="$targets${targets:+, }\"127.0.0.1:$port\""; done
  printf -- '- targets: [%s]\n' "$targets" >"$dir/targets/api.yml"
  printf -- '- targets: ["127.0.0.1:%s"]\n' "$admin" >"$dir/targets/admin.yml"
  printf -- '- targets: ["127.0.0.1:%s"]\n' "$gateway" >"$dir/targets/gateway.yml"
  printf -- '- targets: ["127.0.0.1:%s"]\n' "$prometheus" >"$dir/targets/prometheus.yml"
  printf -- '- targets: ["127.0.0.1:%s"]\n' "$alertmanager" >"$dir/targets/alertmanager.yml"
}
