"""Run train1d.py over objectives x targets x seeds and print the 1-D results table (docs/results.md).

    python tools/results_1d.py --objectives cgan fm --targets trimodal sharp far --seeds 0 1 2 3 4 --jobs 2

Each run is `python train1d.py --objective O --data T --seed S --out runs/table1d/O-T-sS`
(plus any --extra flags), one thread per run, --jobs runs at a time. Finished runs (final.json
present) are reused, so the command can be re-run to complete a table.
"""

import argparse
import concurrent.futures as cf
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_one(objective, target, seed, out_root, extra):
    out = os.path.join(out_root, f"{objective}-{target}-s{seed}")
    final = os.path.join(out, "final.json")
    if not os.path.isfile(final):
        cmd = [sys.executable, "train1d.py", "--objective", objective, "--data", target, "--seed", str(seed),
               "--out", out, "--device", "cpu", *extra]
        env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            return objective, target, seed, {"error": proc.stderr.strip().splitlines()[-1:]}
    with open(final) as f:
        return objective, target, seed, json.load(f)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--objectives", nargs="+", default=["cgan", "fm"])
    p.add_argument("--targets", nargs="+", default=["trimodal"])
    p.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2, 3, 4])
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--out", default=os.path.join("runs", "table1d"))
    p.add_argument("--extra", nargs=argparse.REMAINDER, default=[], help="flags passed to every train1d.py run")
    args = p.parse_args()
    jobs = [(o, t, s) for t in args.targets for o in args.objectives for s in args.seeds]
    results = {}
    with cf.ThreadPoolExecutor(args.jobs) as ex:
        for o, t, s, r in ex.map(lambda j: run_one(*j, args.out, args.extra), jobs):
            results[(o, t, s)] = r
            print(f"{o:5s} {t:10s} seed {s}: " + (f"w1/std {r['w1_over_std']:.4f} w1 {r['w1']:.4f} floor {r['w1_floor']:.4f} "
                                                   f"nfe {r['nfe']} {r['seconds']:.0f}s" if "error" not in r else f"failed: {r['error']}"), flush=True)
    print("\n| target | objective | w1/std mean | w1/std worst | floor/std mean | NFE mean | s/run mean |")
    print("|---|---|---|---|---|---|---|")
    for t in args.targets:
        for o in args.objectives:
            rs = [results[(o, t, s)] for s in args.seeds]
            ok = [r for r in rs if "error" not in r]
            if len(ok) < len(rs):
                print(f"| {t} | {o} | {len(rs) - len(ok)} of {len(rs)} runs failed | | | | |")
                continue
            ratio = [r["w1_over_std"] if r["w1_over_std"] == r["w1_over_std"] else float("inf") for r in ok]
            floor = [r["w1_floor"] / r["data_std"] for r in ok]
            mean = lambda xs: sum(xs) / len(xs)  # noqa: E731
            print(f"| {t} | {o} | {mean(ratio):.4f} | {max(ratio):.4f} | {mean(floor):.4f} | "
                  f"{mean([r['nfe'] for r in ok]):.0f} | {mean([r['seconds'] for r in ok]):.0f} |")


if __name__ == "__main__":
    main()
