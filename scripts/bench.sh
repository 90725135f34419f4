#!/usr/bin/env bash
# The benchmark (SPEC §9): starts PostgreSQL (installed if missing), a fresh 'digis_bench' database, the
# identity host (with a key made for the run: the benchmark mints its users' tokens with it, as the identity host
# would), the API (no hosted metering: the benchmark runs the passes it measures) and the gateway (rate limits
# lifted: the benchmark is one client), then runs bench/Digis.Bench and prints the table. Results are
# written to bench/results/ (latest.md, latest.json and a time-stamped copy).
#   scripts/bench.sh [scenario…]     scenarios: gateway, tips, fanout, metering, signin, pipeline (default: all)
# 'signin' is sign-ins through the gateway at 20 at once, and the API CPU an access token's check adds.
# 'pipeline' is the Mediator pipeline's overhead per request (BenchmarkDotNet, no stack needed).
#   scripts/bench.sh fanout          alone: SPEC §9 v3's fan-out, BENCH_FANOUT_VIEWERS (10,000) hub clients from
#                                    BENCH_FANOUT_PROCESSES (4) client processes through two gateways, over two API instances with a Redis
#                                    backplane; tip → last viewer p99, API memory per idle connection
#   scripts/bench.sh soak            alone: mixed load on the same two-instance stack (metering hosted, sandbox payments)
#                                    at half the measured maximum for BENCH_SOAK_SECONDS (1800); bench/results/soak.md,
#                                    soak.csv and soak.png
# Every window's background (other processes' CPU) is printed; BENCH_BACKGROUND_LIMIT (cores, default 0.1) marks a noisy run.
#   scripts/bench.sh failover        the write outage of one failover under load (SPEC §12, target under 20 s): the
#                                    failover test's scenario (tests/Failover.Tests) BENCH_FAILOVER_RUNS times (default 1);
#                                    its section of bench/results/latest.md is bench/results/failover.md
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ "${1:-}" = failover ]; then
  apt_install postgresql-15-auto-failover pg-auto-failover-cli
  log "building"
  dotnet build Digis.sln -c Release -nologo -v quiet -clp:ErrorsOnly
  results="$PWD/bench/results" runs=${BENCH_FAILOVER_RUNS:-1} rows="" run_log=$(mktemp)
  for i in $(seq 1 "$runs"); do
    log "failover run $i of $runs (a formation of its own, the stack, load through the gateway, SIGKILL of the primary's postgres)"
    if ! dotnet test tests/Failover.Tests -c Release --no-build -nologo --filter "FullyQualifiedName~FailoverTests" --logger "console;verbosity=normal" >"$run_log" 2>&1; then
      tail -n 80 "$run_log" >&2; exit 1
    fi
    figures=$(grep -m1 '^failover: write outage' "$run_log")
    echo "$figures"
    # failover: write outage 7.8 s (…); standby promoted after 8.9 s, old primary back as the standby after 24.4 s; longest request 2.9 s
    rows+=$(echo "$figures" | sed -E 's/^failover: write outage ([0-9.]+) s .*promoted after ([0-9.]+) s.*standby after ([0-9.]+) s; longest request ([0-9.]+) s.*/| \1 | \2 | \3 | \4 |/')$'\n'
  done
  rm -f "$run_log"
  {
    echo "## Failover under load ($(date -u '+%Y-%m-%d %H:%M:%SZ'))"
    echo
    echo "\`scripts/bench.sh failover\`: the stack on a pg_auto_failover formation (monitor + primary + synchronous standby), mixed retrying"
    echo "load through the gateway, the primary's postgres killed with SIGKILL (tests/Failover.Tests). Write outage: from the last"
    echo "write acknowledged before the outage to the first after it; target under 20 s (SPEC §12)."
    echo
    echo "| write outage (s) | standby promoted after (s) | old primary back as the standby after (s) | longest request (s) |"
    echo "|---:|---:|---:|---:|"
    printf '%s' "$rows"
    echo
    echo "Load average of the machine (1, 5, 15 min) when the runs ended: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores."
  } >"$results/failover.md"
  # latest.md keeps the stack's table and carries this section after it (the stack benchmark carries it over too).
  if [ -f "$results/latest.md" ]; then
    awk '/^## Failover under load/ { exit } { print }' "$results/latest.md" >"$results/latest.md.tmp"
  else
    : >"$results/latest.md.tmp"
  fi
  { cat "$results/latest.md.tmp"; echo; cat "$results/failover.md"; } | cat -s >"$results/latest.md"
  rm -f "$results/latest.md.tmp"
  cat "$results/failover.md"
  exit 0
fi
ensure_postgres
apt_install wrk postgresql-contrib
scale_out=""
case "${1:-}" in
  fanout|soak)
    [ $# -eq 1 ] || { echo "scripts/bench.sh $1 runs alone" >&2; exit 2; }
    scale_out=$1
    apt_install redis-server
    [ "$1" = soak ] && apt_install python3-matplotlib
    ;;
esac

# BENCH_DATABASE and BENCH_RESULTS let a trial run keep away from the real one (its database and its results).
bench_database=${BENCH_DATABASE:-digis_bench}
export BENCH_DB="Host=127.0.0.1;Port=5432;Database=$bench_database;Username=postgres;Password=postgres;SSL Mode=Disable;Maximum Pool Size=200"
bench_app_db="Host=127.0.0.1;Port=5432;Database=$bench_database;SSL Mode=Disable;$(app_connection)" # the API's role; seeding and migrations as the owner
export BENCH_BILLING_SECRET="bench-billing-secret"
export BENCH_API="http://127.0.0.1:5180" BENCH_GATEWAY="http://127.0.0.1:8180" BENCH_IDENTITY="http://127.0.0.1:5170"
# The public URL (a host name, as browsers need for passkeys): the tokens' issuer.
export BENCH_AUTHORITY="http://localhost:8180/"
export BENCH_SIGNING_KEY_PATH="$PWD/.run/bench/signing.pem"
export BENCH_RESULTS="${BENCH_RESULTS:-$PWD/bench/results}"

as_root runuser -u postgres -- psql -qtAc "DROP DATABASE IF EXISTS $bench_database WITH (FORCE)" >/dev/null
as_root runuser -u postgres -- psql -qtAc "CREATE DATABASE $bench_database" >/dev/null
ensure_app_role

log "building"
dotnet build Digis.sln -c Release -nologo -v quiet -clp:ErrorsOnly

mkdir -p .run/bench
command -v openssl >/dev/null 2>&1 || apt_install openssl
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$BENCH_SIGNING_KEY_PATH" 2>/dev/null

trap 'proc_stop_all' INT TERM EXIT
# Production, as measured; over plain http on loopback, so the keys are fetched and served without TLS.
common=(ASPNETCORE_ENVIRONMENT=Production Serilog__MinimumLevel__Default=Warning "Serilog__MinimumLevel__Override__Microsoft.AspNetCore=Warning"
        "Auth__Authority=$BENCH_AUTHORITY" Auth__RequireHttpsMetadata=false)
api_env=("ConnectionStrings__Digis=$bench_app_db" "ConnectionStrings__DigisMigrations=$BENCH_DB" Database__MaxPoolSize=200
         Billing__HostedService=false "Billing__WebhookSecret=$BENCH_BILLING_SECRET")
if [ -n "$scale_out" ]; then
  # Two API instances behind the gateway, hub groups over a Redis of the benchmark's own (SPEC §9 v3).
  ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
  redis_port=6391
  mkdir -p "$run_dir"
  redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no >"$run_dir/bench-redis.log" 2>&1 &
  proc_pids+=($!)
  api_env+=("ConnectionStrings__Redis=127.0.0.1:$redis_port")
  if [ "$scale_out" = soak ]; then
    # The soak's mix pays through the sandbox checkout (refused in Production) and is metered by the hosted pass.
    common[0]=ASPNETCORE_ENVIRONMENT=Staging
    api_env=("${api_env[@]/Billing__HostedService=false/Billing__HostedService=true}" Payments__Provider=sandbox
             Payments__WebhookSecret=bench-payments-secret)
  fi
fi
proc_start bench-identity Identity "$BENCH_IDENTITY" "${common[@]}" "ConnectionStrings__Identity=$BENCH_DB" "ConnectionStrings__Digis=$bench_app_db" \
  Database__MigrateOnStartup=true "Identity__SigningKeys__0__Path=$BENCH_SIGNING_KEY_PATH" "Identity__EncryptionKey=$(openssl rand -base64 32)" \
  Identity__RequireHttps=false "Email__PickupDirectory=$PWD/.run/bench/mail"
proc_wait_ready bench-identity "$BENCH_IDENTITY"
proc_start bench-api Api "$BENCH_API" "${common[@]}" "${api_env[@]}" Database__MigrateOnStartup=true
export BENCH_API_PID=${proc_pids[-1]}   # for the CPU each process spends per tip
export BENCH_API_PIDS=$BENCH_API_PID
proc_wait_ready bench-api "$BENCH_API"
destinations=("ReverseProxy__Clusters__api__Destinations__api1__Address=$BENCH_API/")
if [ -n "$scale_out" ]; then
  BENCH_API2="http://127.0.0.1:5181"
  proc_start bench-api2 Api "$BENCH_API2" "${common[@]}" "${api_env[@]}" Database__MigrateOnStartup=false
  export BENCH_API_PIDS="$BENCH_API_PID,${proc_pids[-1]}"
  proc_wait_ready bench-api2 "$BENCH_API2"
  destinations+=("ReverseProxy__Clusters__api__Destinations__api2__Address=$BENCH_API2/")
  : "${BENCH_FANOUT_VIEWERS:=10000}" "${BENCH_FANOUT_PROCESSES:=4}"
  export BENCH_FANOUT_VIEWERS BENCH_FANOUT_PROCESSES
fi
gateway_env=("${common[@]}" "${destinations[@]}" "ReverseProxy__Clusters__identity__Destinations__identity1__Address=$BENCH_IDENTITY/"
             RateLimiting__PermitsPerSecond=1000000 RateLimiting__Burst=1000000 RateLimiting__AccountPermitsPerMinute=1000000)
proc_start bench-gateway Gateway "$BENCH_GATEWAY" "${gateway_env[@]}"
export BENCH_GATEWAY_PID=${proc_pids[-1]}
proc_wait_ready bench-gateway "$BENCH_GATEWAY"
if [ "$scale_out" = fanout ]; then
  # A gateway holds two descriptors per WebSocket and a process here at most 20,000 (the hard limit, which root
  # without CAP_SYS_RESOURCE cannot raise): the viewers connect through two gateway instances, half each.
  BENCH_GATEWAY2="http://127.0.0.1:8181"
  proc_start bench-gateway2 Gateway "$BENCH_GATEWAY2" "${gateway_env[@]}"
  export BENCH_GATEWAY_PIDS="$BENCH_GATEWAY_PID,${proc_pids[-1]}"
  proc_wait_ready bench-gateway2 "$BENCH_GATEWAY2"
  export BENCH_VIEWER_GATEWAYS="$BENCH_GATEWAY,$BENCH_GATEWAY2"
fi

# Every process of the stack (identity, each API and gateway instance, the fan-out's Redis) is the system under test, not
# background: Background.cs counts them and their children as ours.
BENCH_STACK_PIDS=$(IFS=,; echo "${proc_pids[*]}")
export BENCH_STACK_PIDS

stack_scenarios=()
pipeline=""
for s in "$@"; do if [ "$s" = pipeline ]; then pipeline=1; else stack_scenarios+=("$s"); fi; done
[ $# -eq 0 ] && pipeline=1

status=0
if [ $# -eq 0 ] || [ ${#stack_scenarios[@]} -gt 0 ]; then
  log "running the benchmark"
  dotnet bench/Digis.Bench/bin/Release/net10.0/Digis.Bench.dll "${stack_scenarios[@]}" || status=$?
fi

if [ -n "$pipeline" ]; then
  log "Mediator pipeline overhead (BenchmarkDotNet)"
  (cd bench/Digis.Bench.Pipeline && dotnet run -c Release --no-build -- --filter '*' --artifacts "$BENCH_RESULTS/pipeline" >/dev/null)
  cp "$BENCH_RESULTS/pipeline/results/PipelineBenchmarks-report-github.md" "$BENCH_RESULTS/pipeline.md"
  cat "$BENCH_RESULTS/pipeline.md"
fi
exit "$status"
