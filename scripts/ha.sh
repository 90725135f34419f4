#!/usr/bin/env bash
# PostgreSQL under pg_auto_failover on this machine (SPEC §12): a monitor and two data nodes, the standby in
# the replication quorum (synchronous_standby_names = 'ANY 1 (…)'), everything under one folder: each
# instance's data directory, pg_autoctl's configuration and state, and a log per instance.
#   scripts/ha.sh up DIR MONITOR_PORT PORT1 PORT2   create (once) and start; waits for a primary and a secondary
#   scripts/ha.sh start DIR NODE                    start one instance's pg_autoctl again (monitor, node1, node2)
#   scripts/ha.sh stop DIR                          stop the three pg_autoctl services (and their PostgreSQL)
#   scripts/ha.sh autoctl DIR ARG…                  pg_autoctl as the postgres user, e.g. show state, perform failover
# Loopback only, trust authentication: for development and tests. scripts/start.sh --ha uses .run/ha.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

usage() { sed -n '2,10p' "$0" >&2; exit 2; }
[ $# -ge 2 ] || usage
command=$1
mkdir -p "$2"
dir=$(cd "$2" && pwd)
shift 2

case "$command" in
  up)
    [ $# -eq 3 ] || usage
    ha_up "$dir" "$1" "$2" "$3"
    ;;
  start)
    [ $# -eq 1 ] || usage
    ha_start "$dir" "$1"
    ;;
  stop)
    ha_stop "$dir"
    ;;
  autoctl)
    [ -f "$dir/monitor/PG_VERSION" ] || { echo "no cluster in $dir" >&2; exit 1; }
    # Commands that act on the formation (show state, perform failover) find the monitor through its folder.
    case " $* " in *" --pgdata "*) ha_autoctl "$dir" "$@" ;; *) ha_autoctl "$dir" "$@" --pgdata "$dir/monitor" ;; esac
    ;;
  *) usage ;;
esac
