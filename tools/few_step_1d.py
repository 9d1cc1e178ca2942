"""Train one 1-D configuration and score its EMA samples at few function evaluations (NFE).

    python tools/few_step_1d.py --name disc_k4 --out results/few_step_1d -- --data trimodal --objective discrete --time-steps 4 --steps 2000
    python tools/few_step_1d.py --name fm --nfe 1 2 4 8 --out results/few_step_1d -- --data trimodal --objective fm --steps 6000

Runs train1d.py's main in this process (one torch thread) and appends one JSON line to
OUT/runs.jsonl: the flags, steps, the process CPU seconds of the run (training plus its final
20k-sample evaluation; on a shared machine CPU time, not wall time, is what compares), wall
seconds, and W1/std of the EMA samples at each NFE: K steps of its --step-method for a discrete
run (its own sampler), and for a velocity field Euler with NFE steps and midpoint with NFE/2 steps.
The same noise seed is used for every NFE. ``python tools/few_step_1d.py --table OUT`` prints
the markdown table of OUT/runs.jsonl.

A run started with ``--init-from RUN`` (a student distilled from a parent, a fine-tune) also
records the parent's row name and ``total_cpu_s``, its own CPU seconds plus its ancestors' (a
parent that has a parent of its own counts its own), when the parent is a row of the same
OUT/runs.jsonl: the stages together are what a budget counts. The table recomputes the totals.
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import torch  # noqa: E402

import train1d  # noqa: E402
from data import load_target_1d  # noqa: E402
from metrics import evaluate_1d  # noqa: E402
from training import load_latest  # noqa: E402
from evaluate import velocity_from  # noqa: E402
from losses import FEW_STEP_OBJECTIVES  # noqa: E402
from sampling import solver_for  # noqa: E402


def load_run(run_dir):
    """(config, a sampler(method, steps, n, seed) -> (samples, W1 dict), target) of the newest
    checkpoint in run_dir, with its EMA weights, on the CPU."""
    _, state = load_latest(run_dir)
    cfg, extra = state["config"], state["extra"]
    net = velocity_from(state, raw=False, device=torch.device("cpu"))
    target = load_target_1d(cfg["data"], cfg["data_file"])

    def sampler(method, steps, n, seed=0):
        torch.manual_seed(seed)
        return evaluate_1d(net, target, n, mean=extra["mean"], std=extra["std"], method=method, steps=steps)

    return cfg, sampler, target


def score(run_dir, nfes, n, seed=0):
    """W1/std of the EMA samples of the newest checkpoint in run_dir at each solver setting."""
    cfg, sampler, _ = load_run(run_dir)
    if cfg["objective"] in FEW_STEP_OBJECTIVES:
        solvers = [solver_for(cfg)]
    else:
        solvers = [("euler", k) for k in nfes] + [("midpoint", k // 2) for k in nfes if k % 2 == 0]
    scores = [(method, sampler(method, steps, n, seed)[1]) for method, steps in solvers]
    return {f"{method}_{r['nfe']}": round(r["w1_over_std"], 5) for method, r in scores}  # nfe as the sampler counted


def read_rows(out):
    """The rows of OUT/runs.jsonl, [] before the first run."""
    path = os.path.join(out, "runs.jsonl")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f]


def table(out):
    rows = read_rows(out)
    keys = sorted({k for r in rows for k in r["w1_over_std"]}, key=lambda k: (int(k.split("_")[1]), k))
    print("| run | data | steps | CPU s | with parent | " + " | ".join(keys) + " |")
    print("|" + " --- |" * (5 + len(keys)))
    for r in rows:
        cells = [str(r["w1_over_std"].get(k, "")) for k in keys]
        parent = parent_row(rows, out, r["flags"])  # recomputed: rows written before the totals were recorded lack them
        total = f"{total_cpu_s(rows, out, r):.0f} ({parent['name']})" if parent else ""
        print(f"| {r['name']} | {r['data']} | {r['steps']} | {r['cpu_s']:.0f} | {total} | " + " | ".join(cells) + " |")


def total_cpu_s(rows, out, row):
    """The CPU seconds of ``row`` and of every ancestor it has among ``rows`` (--init-from, recursively)."""
    parent = parent_row(rows, out, row["flags"])
    return row["cpu_s"] + (total_cpu_s(rows, out, parent) if parent else 0.0)


def parent_row(rows, out, flags):
    """The row of ``rows`` (OUT/runs.jsonl's) whose run the flags' --init-from names (a run folder or a checkpoint
    in it), or None."""
    if "--init-from" not in flags:
        return None
    given = flags[flags.index("--init-from") + 1]
    paths = {os.path.abspath(given), os.path.abspath(os.path.join(out, given))}  # as run, or read from OUT's records
    for r in rows:
        run_dir = os.path.abspath(os.path.join(out, r["name"]))
        if any(path == run_dir or os.path.dirname(path) == run_dir for path in paths):
            return r
    return None


def main():
    argv = sys.argv[1:]
    flags = argv[argv.index("--") + 1:] if "--" in argv else []
    own = argv[:argv.index("--")] if "--" in argv else argv
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--name")
    p.add_argument("--out", default="results/few_step_1d")
    p.add_argument("--nfe", type=int, nargs="+", default=[1, 2, 4, 8])
    p.add_argument("--n", type=int, default=20_000)
    p.add_argument("--table", action="store_true", help="print the table of OUT/runs.jsonl and exit")
    args = p.parse_args(own)
    if args.table:
        return table(args.out)
    torch.set_num_threads(1)
    run_dir = os.path.join(args.out, args.name)
    cpu0, wall0 = time.process_time(), time.time()
    result = train1d.main(["--device", "cpu", "--out", run_dir, "--n-eval", "2000", *flags])
    cpu, wall = time.process_time() - cpu0, time.time() - wall0
    row = {"name": args.name, "data": result["data"], "flags": flags, "steps": result["steps"],
           "cpu_s": round(cpu, 1), "wall_s": round(wall, 1), "w1_over_std": score(run_dir, args.nfe, args.n),
           "date": time.strftime("%Y-%m-%d"), "device": "cpu, 1 thread"}
    rows = read_rows(args.out)
    parent = parent_row(rows, args.out, flags)
    if parent is not None:
        row.update(parent=parent["name"], total_cpu_s=round(total_cpu_s(rows, args.out, row), 1))
    with open(os.path.join(args.out, "runs.jsonl"), "a") as f:
        f.write(json.dumps(row) + "\n")
    print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
