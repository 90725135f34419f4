#!/usr/bin/env bash
# Runs the tests: starts (installing if needed) a local PostgreSQL, then the test assemblies.
#   scripts/test.sh          every test (what CI runs)
#   scripts/test.sh --fast   the fast tier for a developer's loop: unit (domain, hosts' parts), architecture and functional API tests
# Other arguments go to 'dotnet test' (e.g. --filter).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

fast=""
if [ "${1:-}" = "--fast" ]; then fast=1; shift; fi

if [ -z "${DIGIS_TEST_POSTGRES:-}" ]; then ensure_postgres; fi

# ops/prometheus (SPEC §20): promtool checks the configuration and runs every alert's tests, in both tiers.
status=0
prometheus_rules=passed
log "checking ops/prometheus (promtool check config, promtool test rules)"
check_prometheus || { status=1; prometheus_rules=FAILED; }

if [ -n "$fast" ]; then
  targets=(Digis.Fast.slnf) # Domain.UnitTests, Hosts.UnitTests, ArchitectureTests, Api.FunctionalTests: one build
else
  # Scale-out tests start their own redis-server; browser tests drive Debian's Chromium, and relay calls through their
  # own coturn; the failover test its own pg_auto_failover formation; the observability tests their own Prometheus and
  # Alertmanager.
  apt_install redis-server chromium coturn postgresql-15-auto-failover pg-auto-failover-cli prometheus prometheus-alertmanager
  build_web
  log "testing the web client (vitest)"
  (cd src/Web && npm test --silent) | tail -n 6
  targets=(Digis.sln)
fi

log "building"
for target in "${targets[@]}"; do
  dotnet build "$target" -c Release -nologo -v quiet -clp:ErrorsOnly
done

out=$(mktemp)
log "testing"
# One test assembly at a time: the browser and process tests start many processes, and on two cores
# running them beside the others turns timeouts into noise.
for target in "${targets[@]}"; do
  dotnet test "$target" -c Release --no-build -nologo -m:1 "$@" 2>&1 | tee -a "$out" || status=$?
done

echo "ops/prometheus: promtool $prometheus_rules"
# One closing line over every test assembly: 'tests: N passed, N failed, N skipped'.
awk '
  /^(Passed|Failed)!/ {
    for (i = 1; i <= NF; i++) {
      gsub(",", "", $(i+1))
      if ($i == "Failed:") f += $(i+1)
      if ($i == "Passed:") p += $(i+1)
      if ($i == "Skipped:") s += $(i+1)
    }
  }
  END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$out"
rm -f "$out"
exit "$status"
