"""Seconds per training step of several configurations, measured interleaved (A B C A B C ...) so
that a shared machine's load falls on all of them alike; prints a markdown table with each
configuration's median over rounds and its ratio to the first one.

    OMP_NUM_THREADS=1 python tools/step_seconds.py --rounds 2 --steps 40 \\
        --config fm "--objective fm" --config cgan "" --config reuse "--critic-reuse" \\
        -- --dataset fashion_mnist --data-dir /usr/share/datasets/fashion-mnist --device cpu --threads 1 ...

Each run is train_images_simple.py with the common flags after ``--`` plus its own, for --steps
steps, logging every --log-every; s/step is the training time (metrics.jsonl train_s) from the
first log row to the last, so start-up and the first interval (warm-up) are left out.
FLAGS is one string; one that starts with "-" and has no space is taken by argparse for an option,
so give it a leading space (" --critic-reuse"), and " " for none.
A configuration may run from another checkout (e.g. the commit before a change): --root NAME=DIR.
"""

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--config", nargs=2, action="append", metavar=("NAME", "FLAGS"), required=True,
                   help="a configuration: its name and its own flags (one string); the first is the reference")
    p.add_argument("--root", action="append", default=[], metavar="NAME=DIR",
                   help="run configuration NAME from the checkout DIR instead of this one")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--steps", type=int, default=40)
    p.add_argument("--log-every", type=int, default=10)
    p.add_argument("--script", default="train_images_simple.py")
    p.add_argument("common", nargs=argparse.REMAINDER, help="-- then the flags every run gets")
    args = p.parse_args(argv)
    args.common = [a for a in args.common if a != "--"] if args.common[:1] == ["--"] else args.common
    args.roots = dict(r.split("=", 1) for r in args.root)
    return args


def seconds_per_step(out):
    with open(os.path.join(out, "metrics.jsonl")) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    first, last = rows[0], rows[-1]
    return (last["train_s"] - first["train_s"]) / (last["step"] - first["step"])


def main(argv=None):
    args = parse_args(argv)
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    times = {name: [] for name, _ in args.config}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            for name, flags in args.config:
                out = os.path.join(tmp, f"{name}-{r}")
                root = args.roots.get(name, ROOT)
                cmd = [sys.executable, args.script, *args.common, *shlex.split(flags), "--steps", str(args.steps),
                       "--log-every", str(args.log_every), "--out", out]
                started = time.strftime("%H:%M:%S", time.gmtime())
                proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
                if proc.returncode != 0:
                    sys.exit(f"error: {name} failed: {proc.stderr.strip().splitlines()[-1:]}")
                times[name].append(seconds_per_step(out))
                print(f"round {r} {name} (started {started} UTC, {root}): {times[name][-1]:.3f} s/step", flush=True)
    ref = statistics.median(times[args.config[0][0]])
    print(f"\n| config | flags | s/step per round | median s/step | / {args.config[0][0]} |\n| --- | --- | --- | --- | --- |")
    for name, flags in args.config:
        med = statistics.median(times[name])
        print(f"| {name} | `{flags}` | {', '.join(f'{t:.3f}' for t in times[name])} | {med:.3f} | {med / ref:.2f} |")


if __name__ == "__main__":
    main()
