#!/usr/bin/env bash
# Fails when any package the solution restores, direct or transitive, has a known high or critical vulnerability
# (NuGet's advisory feed, as 'dotnet list package --vulnerable' reads it). Lower severities are printed, not fatal.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

log "checking packages for known vulnerabilities"
report=$(dotnet list Digis.sln package --vulnerable --include-transitive --format json)
python3 - "$report" <<'PY'
import json, sys
report = json.loads(sys.argv[1])
found = []
for project in report.get("projects", []):
    for framework in project.get("frameworks", []):
        for package in framework.get("topLevelPackages", []) + framework.get("transitivePackages", []):
            for advisory in package.get("vulnerabilities", []):
                found.append((advisory.get("severity", "?"), package["id"], package.get("resolvedVersion", "?"),
                              advisory.get("advisoryurl", ""), project["path"].rsplit("/", 1)[-1]))
for severity, package, version, url, project in sorted(set(found)):
    print(f"{severity:8} {package} {version} {url} ({project})")
fatal = [f for f in found if f[0].lower() in ("high", "critical")]
print(f"packages: {len(set((f[1], f[2]) for f in found))} with advisories, {len(set((f[1], f[2]) for f in fatal))} high or critical")
sys.exit(1 if fatal else 0)
PY
