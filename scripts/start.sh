#!/usr/bin/env bash
# Starts everything on this machine: PostgreSQL (installed and started locally unless
# ConnectionStrings__Digis is given), the identity host, the API (migrations applied at start-up in Development, as
# ConnectionStrings__DigisMigrations when given), the admin console and the gateway. Prints the URLs, the demo
# accounts and demo tokens; Ctrl-C stops everything it started.
#   --api-instances N   run N API instances behind the gateway (ports 5080, 5081, …)
#   --redis             install/start a local Redis and use it as the SignalR backplane
#   --ha                PostgreSQL under pg_auto_failover instead (SPEC §12): a monitor on :5500 and two nodes on
#                       :5501/:5502, created once in .run/ha and left running; the hosts use the multi-host string
#   --observability     also Prometheus (:9090) and Alertmanager (:9093) with ops/prometheus's rules, scraping every
#                       host (the gateway's metrics on :9080); the console's dashboard shows the alerts that fire
# Calls' TURN/STUN (SPEC §17): coturn on 127.0.0.1:3478 (use-auth-secret), unless Calls__TurnUrls is given.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

instances=1
redis=""
ha=""
observability=""
while [ $# -gt 0 ]; do
  case "$1" in
    --api-instances) instances="$2"; shift 2 ;;
    --redis) redis=1; shift ;;
    --ha) ha=1; shift ;;
    --observability) observability=1; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
[ "$instances" -gt 1 ] && redis=1

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ -n "$ha" ]; then
  [ -z "${ConnectionStrings__Digis:-}" ] || { echo "--ha runs its own database cluster: unset ConnectionStrings__Digis" >&2; exit 2; }
  mkdir -p .run/ha
  ha_up "$PWD/.run/ha" 5500 5501 5502
  ensure_app_role "host=127.0.0.1,127.0.0.1 port=5501,5502 target_session_attrs=read-write dbname=postgres user=postgres"
  # Writes go to whichever node is primary; no command or connection attempt waits longer than these timeouts. The hosts
  # connect as the app's role; migrations run as the owner.
  ha_db="Host=127.0.0.1:5501,127.0.0.1:5502;Target Session Attributes=primary;Database=digis;SSL Mode=Disable;Timeout=5;Command Timeout=15"
  export ConnectionStrings__Digis="$ha_db;$(app_connection)"
  export ConnectionStrings__DigisMigrations="$ha_db;Username=postgres;Password=postgres"
elif [ -z "${ConnectionStrings__Digis:-}" ]; then
  ensure_postgres
  ensure_app_role
  export ConnectionStrings__Digis="Host=127.0.0.1;Port=5432;Database=digis;SSL Mode=Disable;$(app_connection)"
  export ConnectionStrings__DigisMigrations="Host=127.0.0.1;Port=5432;Database=digis;Username=postgres;Password=postgres;SSL Mode=Disable"
fi
if [ -n "$redis" ] && [ -z "${ConnectionStrings__Redis:-}" ]; then
  apt_install redis-server
  redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save '' >/dev/null
  export ConnectionStrings__Redis="127.0.0.1:6379"
fi

prometheus_port=9090 alertmanager_port=9093 gateway_metrics_port=9080
if [ -n "$observability" ]; then
  observability_install
  for port in "$prometheus_port" "$alertmanager_port" "$gateway_metrics_port"; do
    port_free "$port" || { echo "--observability needs 127.0.0.1:$port, which is in use (a system prometheus service? systemctl stop prometheus prometheus-alertmanager)" >&2; exit 2; }
  done
fi

build_web
log "building"
dotnet build Digis.sln -c Release -nologo -v quiet -clp:ErrorsOnly

stop() {
  trap - INT TERM EXIT
  log "stopping"
  proc_stop_all
}
trap stop INT TERM EXIT

turn="Calls__TurnUrls (given)"
if [ -z "${Calls__TurnUrls:-}" ]; then
  turn_start 3478
  export Calls__TurnUrls="turn:127.0.0.1:3478?transport=udp,turn:127.0.0.1:3478?transport=tcp"
  Calls__TurnSecret="$(cat .run/turn-secret)"
  export Calls__TurnSecret
  turn="127.0.0.1:3478 (coturn, use-auth-secret; log $run_dir/turn.log)"
fi

# The identity host (SPEC §15): its development keys and the e-mails it "sends" stay under .run. Its store (schema
# identity) is written as the schema's owner; the money tables it reads, as the hosts' role (docs/decisions/0067).
mail_dir="$PWD/.run/mail"
mkdir -p "$mail_dir"
proc_start identity Identity "http://127.0.0.1:5070" "Identity__KeyDirectory=$PWD/.run/identity-keys" "Email__PickupDirectory=$mail_dir" \
  "ConnectionStrings__Identity=${ConnectionStrings__DigisMigrations:-$ConnectionStrings__Digis}"
proc_wait_ready identity "http://127.0.0.1:5070"

gateway_env=() admin_env=() api_ports=""
if [ -n "$observability" ]; then
  gateway_env+=("Metrics__Port=$gateway_metrics_port")
  admin_env+=("Monitoring__AlertmanagerUrl=http://127.0.0.1:$alertmanager_port")
fi
for i in $(seq 1 "$instances"); do
  port=$((5079 + i))
  proc_start "api$i" Api "http://127.0.0.1:$port" "Demo__PrintTokens=$([ "$i" -eq 1 ] && echo true || echo false)"
  proc_wait_ready "api$i" "http://127.0.0.1:$port"
  gateway_env+=("ReverseProxy__Clusters__api__Destinations__api${i}__Address=http://127.0.0.1:$port/")
  api_ports="$api_ports $port"
done
proc_start admin Admin "http://127.0.0.1:5090" "${admin_env[@]}"
proc_start gateway Gateway "http://127.0.0.1:8080" "${gateway_env[@]}"
proc_wait_ready admin "http://127.0.0.1:5090" /admin/health/ready
proc_wait_ready gateway "http://127.0.0.1:8080"

observability_urls=""
if [ -n "$observability" ]; then
  # A copy of ops/prometheus with this stack's targets; its data lives in .run/prometheus until the next start.
  observability_config .run/prometheus/config "$api_ports" 5090 "$gateway_metrics_port" "$prometheus_port" "$alertmanager_port"
  bg_start alertmanager prometheus-alertmanager --config.file=.run/prometheus/config/alertmanager.yml \
    --storage.path=.run/prometheus/alertmanager --web.listen-address="127.0.0.1:$alertmanager_port" --cluster.listen-address=
  bg_start prometheus prometheus --config.file=.run/prometheus/config/prometheus.yml --storage.tsdb.path=.run/prometheus/data \
    --web.listen-address="127.0.0.1:$prometheus_port"
  proc_wait_ready alertmanager "http://127.0.0.1:$alertmanager_port" /-/ready
  proc_wait_ready prometheus "http://127.0.0.1:$prometheus_port" /-/ready
  observability_urls=$(printf '\n    prometheus     http://127.0.0.1:%s  (targets: /targets, rules: /rules, alerts: /alerts)\n    alertmanager   http://127.0.0.1:%s\n    gateway /metrics http://127.0.0.1:%s/metrics' \
    "$prometheus_port" "$alertmanager_port" "$gateway_metrics_port")
fi

# The reference page is served in Development only (SPEC §8); the document in every environment.
reference="http://127.0.0.1:8080/scalar"
[ "$ASPNETCORE_ENVIRONMENT" = Development ] || reference="(Development only)"
fan_account=$(grep -o 'Demo fan account (Development only): [^ ]* / [^ ]*' "$run_dir/identity.log" | sed 's/.*: //' | tail -n 1 || true)
creator_account=$(grep -o 'Demo creator account (Development only): [^ ]* / [^ ]*' "$run_dir/identity.log" | sed 's/.*: //' | tail -n 1 || true)
fan=$(grep -o 'Demo fan .* token (Development only): [^ ]*' "$run_dir/api1.log" | awk '{print $NF}' | tail -n 1 || true)
creator=$(grep -o 'Demo creator .* token (Development only): [^ ]*' "$run_dir/api1.log" | awk '{print $NF}' | tail -n 1 || true)
cat <<TXT

  Digis is up ($ASPNETCORE_ENVIRONMENT, $instances API instance(s)${redis:+, Redis backplane})
    gateway        http://127.0.0.1:8080        (the only public door)
    api            http://127.0.0.1:5080$( [ "$instances" -gt 1 ] && echo " … :$((5079 + instances))")
    identity       http://127.0.0.1:5070        (accounts and sign-in: /account, /connect, /.well-known)
    admin console  http://127.0.0.1:8080/admin/
    web app        http://localhost:8080/app/   (localhost: browsers refuse passkeys on an IP address)
    turn / stun    $turn
    e-mail         $mail_dir   (each message an .eml file: confirmation and reset links)
    API reference  $reference
    OpenAPI        http://127.0.0.1:8080/openapi/v1.json$observability_urls
    logs           $run_dir/$( [ -n "$ha" ] && printf '\n    database       pg_auto_failover: monitor :5500, nodes :5501 :5502 (left running; scripts/ha.sh stop .run/ha)\n    cluster state  scripts/ha.sh autoctl .run/ha show state')

  Demo accounts (sign in at http://localhost:8080/app/):
    fan      $fan_account
    creator  $creator_account

  Demo tokens for curl (HS256, Development only; the same users):
  Demo fan token:
    $fan
  Demo creator token:
    $creator

  Admin console (Development bootstrap admin): admin@digis.local / digis-admin-dev-password

  Try: curl -H "Authorization: Bearer \$FAN" http://127.0.0.1:8080/api/wallet
  Ctrl-C stops everything.
TXT
wait
