"""One row of 1-D histograms, a panel per run: its EMA samples (its own solver: K steps of its
--step-method for a discrete run; --nfe N Euler steps otherwise) against the target density, W1/std in the title.

    python tools/hist_1d.py --out images/few_step_1d.png RUN_DIR[:LABEL] ...
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from few_step_1d import load_run  # noqa: E402
from losses import FEW_STEP_OBJECTIVES  # noqa: E402
from sampling import solver_for  # noqa: E402


def panel(ax, run_dir, label, n, nfe, seed=0):
    cfg, sampler, target = load_run(run_dir)
    method, steps = solver_for(cfg) if cfg["objective"] in FEW_STEP_OBJECTIVES else ("euler", nfe)
    x, r = sampler(method, steps, n, seed)
    lo, hi = np.percentile(x, [0.1, 99.9])
    grid = np.linspace(min(lo, x.min()) - 0.5, max(hi, x.max()) + 0.5, 800)
    ax.hist(x, bins=200, range=(grid[0], grid[-1]), density=True, alpha=0.6, label="generated")
    ax.plot(grid, target.density(grid), "k", lw=1, label="data density")
    ax.set_title(f"{label}\nNFE {r['nfe']}: W1/std {r['w1_over_std']:.3f}", fontsize=9)
    ax.set_yticks([])
    return r["w1_over_std"]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("runs", nargs="+", help="RUN_DIR or RUN_DIR:LABEL")
    p.add_argument("--out", required=True)
    p.add_argument("--n", type=int, default=20_000)
    p.add_argument("--nfe", type=int, default=4, help="Euler steps for a run that is not discrete")
    args = p.parse_args(argv)
    fig, axes = plt.subplots(1, len(args.runs), figsize=(3.2 * len(args.runs), 2.6), squeeze=False)
    scores = []
    for ax, spec in zip(axes[0], args.runs):
        run_dir, _, label = spec.partition(":")
        scores.append(panel(ax, run_dir, label or os.path.basename(run_dir.rstrip("/")), args.n, args.nfe))
    axes[0][0].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(args.out, dpi=110)
    print(args.out)
    return scores


if __name__ == "__main__":
    main()
