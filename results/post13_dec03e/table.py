"""Issue 13, item 4 and issue 11 (CPU scale, --bf16; 2026-12-03, eleventh session): the discrete objective trained as
a midpoint step (DM: --step-method midpoint --time-steps 2, NFE 4) and as Euler steps (DK: K = 4, NFE 4) post-training
the plateau parents, retrained on this machine, against more flow matching (mf: the parent's run resumed at lr 1e-3)
sampled with midpoint 2 steps (NFE 4), all scored after T = 10 and 20 extra CPU-minutes. Prints every eval as a markdown row (as
results/post13_dec03c/table.py), then FID against T per seed; --plot draws that. Records copied with
``tools/sync_records.sh /work/exp/p13i results/post13_dec03e``.

    python results/post13_dec03e/table.py [--plot images/post_training_nfe4_dec03e.png]
"""
import argparse
import glob
import json
import os
import runpy
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = os.path.dirname(HERE)


def parent_seconds(seed):
    with open(os.path.join(HERE, f"fm_s{seed}", "metrics.jsonl")) as f:
        return max(json.loads(line).get("train_s", 0) for line in f if line.startswith("{"))


def curves():
    """{(method, seed): [(T in CPU minutes, FID)]}: T from the eval folder's name (RUN_SECONDS[_SOLVER]); a
    parent (fm) is T = 0 for every method; mf's seconds count from the parent's start."""
    points = defaultdict(list)
    for path in sorted(glob.glob(os.path.join(HERE, "evals", "*", "eval.jsonl"))):
        with open(path) as f:
            r = json.loads(f.readline())
        method, rest = os.path.basename(os.path.dirname(path)).split("_s", 1)
        seed, seconds = int(rest.split("_")[0]), int(rest.split("_")[1])
        if method == "fm":
            points[("parent", seed)].append((0.0, r["fid"]))
            continue
        start = round(parent_seconds(seed)) if method == "mf" else 0
        points[(method, seed)].append(((seconds - start) / 60, r["fid"]))
    return points


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--plot", help="write FID against extra CPU minutes to this PNG")
    args = p.parse_args(argv)
    runpy.run_path(os.path.join(RESULTS, "post13_dec03c", "table.py"))["main"](HERE, {})
    points = curves()
    print("\n| seed | method | T = 0 / 10 / 20 (FID, NFE 4) |\n| --- | --- | --- |")
    for (method, seed), pts in sorted(points.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        parent = points.get(("parent", seed), [])
        row = sorted(pts if method == "parent" else parent + pts)
        print(f"| {seed} | {method} | {' / '.join(f'{fid:.1f} ({t:.0f})' for t, fid in row)} |")
    if args.plot:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, axes = plt.subplots(1, 2, figsize=(9, 3.5), sharey=True)
        for seed, ax in enumerate(axes):
            parent = points.get(("parent", seed), [])
            for method, label in (("mf", "more fm, midpoint 2 steps"), ("DM", "discrete K = 2, its midpoint steps"),
                                  ("DK", "discrete K = 4, its Euler steps")):
                if (method, seed) in points:
                    t, fid = zip(*sorted(parent + points[(method, seed)]))
                    ax.plot(t, fid, "o-", label=label)
            ax.set(title=f"seed {seed}", xlabel="extra CPU minutes from the parent", xticks=[0, 10, 20])
            ax.grid(alpha=0.3)
        axes[0].set_ylabel("FID, 2k vs 60k, NFE 4")
        axes[0].legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(args.plot, dpi=120)


if __name__ == "__main__":
    main()
