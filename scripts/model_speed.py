#!/usr/bin/env python3
"""Whole-model speed of the `tricodec` command line (issue 15, item 5).

Times `tricodec compress --bits B` and `tricodec decompress` of whole models
as a user runs them (release build, every core, output to a file with the
CLI's safe write), ROUNDS rounds interleaved, and writes
docs/results/model-speed.md and model-speed.json. Per run: wall seconds,
user + system CPU seconds and peak resident memory of the process
(os.wait4's rusage). The machine is shared: CPU time is the steadier figure;
the load average before and after each run is recorded beside it.

Usage: scripts/model_speed.py [--rounds N] [--bits B]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = [
    ("all-MiniLM-L6-v2", ROOT / "build/models/minilm/model.safetensors"),
    ("stories260K", ROOT / "build/models/stories260K.safetensors"),
]
# The targets (issue 15, item 5): MiniLM on 2 cores.
TARGETS = {"compress_wall_s": 10.0, "decompress_wall_s": 1.0, "peak_over_model": 2.0}


def run(cmd):
    """Runs cmd; returns (wall s, cpu s, peak RSS bytes, load before, after)."""
    load0 = os.getloadavg()[0]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"model_speed: {' '.join(map(str, cmd))} failed:\n{err}")
    return {
        "wall_s": wall,
        "cpu_s": ru.ru_utime + ru.ru_stime,
        "peak_bytes": ru.ru_maxrss * 1024,
        "load_before": load0,
        "load_after": os.getloadavg()[0],
    }


def median(runs, key):
    return statistics.median(r[key] for r in runs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--bits", default="2.5")
    args = ap.parse_args()
    subprocess.run(
        ["cargo", "build", "--release", "-q", "--bin", "tricodec"], cwd=ROOT, check=True
    )
    exe = ROOT / "target/release/tricodec"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        runs = {name: {"compress": [], "decompress": []} for name, _ in MODELS}
        for _ in range(args.rounds):
            for name, path in MODELS:
                tcz, back = tmp / f"{name}.tcz", tmp / f"{name}.safetensors"
                for f in (tcz, back):
                    f.unlink(missing_ok=True)
                runs[name]["compress"].append(
                    run([exe, "compress", "--bits", args.bits, "-o", tcz, path])
                )
                runs[name]["decompress"].append(run([exe, "decompress", "-o", back, tcz]))
        for name, path in MODELS:
            r = runs[name]
            tcz = tmp / f"{name}.tcz"
            rows.append(
                {
                    "model": name,
                    "model_bytes": path.stat().st_size,
                    "tcz_bytes": tcz.stat().st_size,
                    "compress": r["compress"],
                    "decompress": r["decompress"],
                }
            )
    doc = {
        "command": f"scripts/model_speed.py --rounds {args.rounds} --bits {args.bits}",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "commit": commit,
        "nproc": os.cpu_count(),
        "bits": float(args.bits),
        "targets": TARGETS,
        "models": rows,
    }
    res = ROOT / "docs/results"
    (res / "model-speed.json").write_text(json.dumps(doc, indent=1) + "\n")
    (res / "model-speed.md").write_text(render(doc))
    print(f"wrote {res / 'model-speed.md'}")


def render(d):
    out = [
        "# Whole-model speed of the command line",
        "",
        f"Written by `{d['command']}` (`make model-speed`); do not edit. "
        f"{d['date']}, commit {d['commit']}, {d['nproc']} cores (shared: see the load).",
        "",
        f"`tricodec compress --bits {d['bits']} -o M.tcz M.safetensors` and `tricodec "
        "decompress -o M2.safetensors M.tcz`, release build, every core (rayon: tensors, "
        "variants and tiles in parallel), each output written to a file with the CLI's "
        "safe write (temporary file, fsync, rename). Median of the rounds; CPU = user + "
        "system time of the process; peak = its maximum resident memory; load = the "
        "1-minute load average before and after the runs (above the core count, other "
        "jobs held the cores and wall time overstates).",
        "",
        "| model | float bytes | .tcz bytes | step | wall s | CPU s | peak MB | peak / model | load |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for m in d["models"]:
        for step in ("compress", "decompress"):
            r = m[step]
            peak = median(r, "peak_bytes")
            loads = [x["load_before"] for x in r] + [x["load_after"] for x in r]
            out.append(
                f"| {m['model']} | {m['model_bytes']:,} | {m['tcz_bytes']:,} | {step} | "
                f"{median(r, 'wall_s'):.2f} | {median(r, 'cpu_s'):.2f} | {peak / 1e6:.0f} | "
                f"{peak / m['model_bytes']:.2f} | {min(loads):.1f}-{max(loads):.1f} |"
            )
    t = d["targets"]
    out += [
        "",
        f"Issue 15's targets for all-MiniLM-L6-v2 on 2 cores: compress under "
        f"{t['compress_wall_s']:g} s wall, decompress under {t['decompress_wall_s']:g} s, "
        f"peak memory under {t['peak_over_model']:g}x the model.",
        "",
    ]
    return "\n".join(out)


if __name__ == "__main__":
    main()
