"""Issue 15 under load: the real server, wrk with 20 connections, over a network of 200
services and 5,000 resources.

    python -m bench.network_load [services] [resources]      # 200 5000
    BENCH_SECONDS=10 python -m bench.network_load

Seeds through the network mutation path (`bench.network_overview.seed`: every service a
team file of its own, sharing a snapshot and good-practice counts; resource titles from
a made-up vocabulary of 3,000 words, so a one-word search matches tens), serves it
(`mbp serve`, one worker) and runs wrk, 20 connections each:
- the overview page, as the network's lead (in no team);
- the network page as the lead of all 200 services (the guard reads their teams from
  the memberships index: decision 25);
- a full-text search page (FTS5, bm25 order, best 50 listed), a made-up word chosen at
  random from 200 per request.
Targets (issue 15): overview p99 under 100 ms at 20 clients; search under 50 ms.
Run it on a quiet machine: the brief says only with a load average under 3.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from bench.common import PASSWORD, ROOT, TABLE_HEAD, machine, serve, session_cookie, wrk
from bench.network_overview import seed


def main(services_count: int = 200, resources_count: int = 5000) -> str:
    seconds = int(float(os.environ.get("BENCH_SECONDS", "20")))
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        network_id, words = seed(Path(tmp), services_count, resources_count, PASSWORD)
        script = out / "network_search.lua"
        paths = ",\n".join(f'  "/networks/{network_id}?q={w}"' for w in words[:200])
        script.write_text(
            "local paths = {\n" + paths + "\n}\n"
            "function setup(thread) thread:set('seed', math.random(1, 100000)) end\n"
            "function init(args) math.randomseed(seed) end\n"
            "function request() return wrk.format('GET', paths[math.random(#paths)]) end\n"
        )
        with serve(Path(tmp), workers=1) as (url, _process):
            lead = session_cookie(url, "lead@example.nhs.uk")
            owner = session_cookie(url, "owner@example.nhs.uk")
            base = f"{url}/networks/{network_id}"
            results = [
                wrk(
                    f"overview, {services_count} sharing services (network lead)",
                    base + "/overview",
                    cookie=lead,
                    seconds=seconds,
                ),
                wrk(
                    f"network page, as the lead of all {services_count} services",
                    base,
                    cookie=owner,
                    seconds=seconds,
                ),
                wrk(
                    f"search page, {resources_count:,} resources, one made-up word",
                    base,
                    cookie=lead,
                    seconds=seconds,
                    script=str(script),
                ),
            ]
    report = "\n".join(
        [
            f"Machine: {machine()}; load average {load:.2f} before seeding. One worker; wrk, "
            f"20 connections, {seconds} s each, loopback.",
            "",
            TABLE_HEAD,
            *(r.row() for r in results),
        ]
    )
    print(report)
    return report


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
