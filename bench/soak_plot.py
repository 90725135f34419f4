#!/usr/bin/env python3
"""The soak's plot (SPEC §9 v3): throughput, p99 latency and each process's resident memory over time, from soak.csv.
Usage: soak_plot.py SOAK.CSV OUT.PNG  (python3-matplotlib; scripts/bench.sh soak installs it)."""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

rows = list(csv.DictReader(open(sys.argv[1], newline="")))
seconds = [float(r["seconds"]) / 60 for r in rows]
rss_columns = [c for c in rows[0].keys() if c.startswith("rss_mb_")] if rows else []

figure, (throughput, latency, memory) = plt.subplots(3, 1, sharex=True, figsize=(10, 9))
throughput.plot(seconds, [float(r["requests_per_second"]) for r in rows], color="tab:blue")
throughput.set_ylabel("answered requests / s")
errors = [int(r["server_errors"]) for r in rows]
if any(errors):
    throughput.bar(seconds, errors, width=0.1, color="tab:red", label="5xx")
    throughput.legend()
latency.plot(seconds, [float(r["p99_ms"]) for r in rows], color="tab:orange", label="p99")
latency.plot(seconds, [float(r["p50_ms"]) for r in rows], color="tab:green", label="p50")
latency.set_ylabel("latency (ms)")
latency.legend()
for column in rss_columns:
    memory.plot(seconds, [float(r[column]) for r in rows], label=column.removeprefix("rss_mb_"))
memory.set_ylabel("resident memory (MB)")
memory.set_xlabel("minutes")
memory.legend()
figure.suptitle("Digis soak: mixed load through the gateway")
figure.tight_layout()
figure.savefig(sys.argv[2], dpi=100)
