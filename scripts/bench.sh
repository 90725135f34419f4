#!/usr/bin/env bash
# The benchmark (SPEC §9): starts PostgreSQL (installed if missing), a fresh 'digis_bench' database, the
# API (no hosted metering: the benchmark runs the passes it measures) and the gateway (rate limits
# lifted: the benchmark is one client), then runs bench/Digis.Bench and prints the table. Results are
# written to bench/results/ (latest.md, latest.json and a time-stamped copy).
#   scripts/bench.sh [scenario…]     scenarios: gateway, tips, fanout, metering, pipeline (default: all)
# 'pipeline' is the Mediator pipeline's overhead per request (BenchmarkDotNet, no stack needed).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
ensure_postgres
apt_install wrk postgresql-contrib

export BENCH_DB="Host=127.0.0.1;Port=5432;Database=digis_bench;Username=postgres;Password=postgres;SSL Mode=Disable;Maximum Pool Size=200"
export BENCH_SIGNING_KEY="digis-bench-signing-key-0123456789-0123456789"
export BENCH_BILLING_SECRET="bench-billing-secret"
export BENCH_API="http://127.0.0.1:5180" BENCH_GATEWAY="http://127.0.0.1:8180"
export BENCH_RESULTS="$PWD/bench/results"

as_root runuser -u postgres -- psql -qtAc "DROP DATABASE IF EXISTS digis_bench WITH (FORCE)" >/dev/null
as_root runuser -u postgres -- psql -qtAc "CREATE DATABASE digis_bench" >/dev/null

log "building"
dotnet build Digis.sln -c Release -nologo -v quiet -clp:ErrorsOnly

trap 'proc_stop_all' INT TERM EXIT
common=(ASPNETCORE_ENVIRONMENT=Production "Auth__SigningKey=$BENCH_SIGNING_KEY" Serilog__MinimumLevel__Default=Warning
        "Serilog__MinimumLevel__Override__Microsoft.AspNetCore=Warning")
proc_start bench-api Api "$BENCH_API" "${common[@]}" "ConnectionStrings__Digis=$BENCH_DB" Database__MigrateOnStartup=true \
  Billing__HostedService=false "Billing__WebhookSecret=$BENCH_BILLING_SECRET"
export BENCH_API_PID=${proc_pids[-1]}   # for the CPU each process spends per tip
proc_wait_ready bench-api "$BENCH_API"
proc_start bench-gateway Gateway "$BENCH_GATEWAY" "${common[@]}" \
  "ReverseProxy__Clusters__api__Destinations__api1__Address=$BENCH_API/" \
  RateLimiting__PermitsPerSecond=1000000 RateLimiting__Burst=1000000
export BENCH_GATEWAY_PID=${proc_pids[-1]}
proc_wait_ready bench-gateway "$BENCH_GATEWAY"

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
