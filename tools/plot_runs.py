"""Training curves of one or more runs on one figure, saved as a PNG.

    python tools/plot_runs.py runs/img-fashion_mnist-cgan-linear-seed0
    python tools/plot_runs.py results/cpu_search/fm results/cpu_search/cgan_nc4_sim_reg05 \\
        results/cpu_search/wgan_gp --n 2000 --out images/cpu_search_curves.png

One panel per column of the runs' metrics.jsonl (losses, the critic's value c_value, its mean
|score| c_score_norm, lr, it/s, memory: whatever the runs logged), against training time
(``train_s``; --x step for steps). Where a run's eval.jsonl has rows, one more panel per metric
(FID or W1) against training time: each evaluation's step is placed at the training time the
metrics logged for that step. One colour per run, labelled by its folder name; evaluations with
different solvers get different markers.
"""

import argparse
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tools"))
import cli  # noqa: E402
from compare_images import rows  # noqa: E402

NOT_PLOTTED = {"step", "train_s", "samples_per_s", "skipped"}  # axes, or it_per_s times the batch
FIRST = ["loss_g", "loss_c", "c_value", "c_score_norm", "g_value", "g_mse"]  # panel order; the rest follow
LAST = ["lr", "it_per_s", "mem_mb"]
LABELS = {"c_value": "critic value (c_value)", "c_score_norm": "|score| (c_score_norm)", "it_per_s": "it/s",
          "mem_mb": "peak memory (MB)", "lr": "learning rate (E_psi)"}
MARKERS = "os^Dvx"


def parse_args(argv=None):
    p = cli.ArgumentParser(description=__doc__.splitlines()[0], epilog=__doc__.split("\n\n", 1)[1],
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("runs", nargs="+", help="run directories (each with a metrics.jsonl)")
    p.add_argument("--out", default="curves.png", help="the PNG to write (default: %(default)s)")
    p.add_argument("--x", choices=["time", "step"], default="time",
                   help="x axis of the training curves: training minutes or steps (default: %(default)s)")
    p.add_argument("--n", type=cli.positive_int, default=None, help="plot only evaluations of this many samples")
    return p.parse_args(argv)


def load(run, n=None):
    """{name, metrics, evals} of a run directory; UsageError when it is not one."""
    if not os.path.isdir(run):
        raise cli.UsageError(f"{run}: no such run directory")
    path = os.path.join(run, "metrics.jsonl")
    try:
        metrics = rows(path)
        evals = rows(os.path.join(run, "eval.jsonl"))
    except ValueError as e:  # json.JSONDecodeError
        raise cli.UsageError(f"{run}: a .jsonl file that is not JSON lines ({e})") from None
    if not metrics:
        raise cli.UsageError(f"{run}: no metrics rows (metrics.jsonl missing or empty)")
    evals = [r for r in evals if r.get("metric") and r.get("step") is not None and (n is None or r.get("n") == n)]
    return {"name": os.path.basename(os.path.normpath(run)), "metrics": metrics, "evals": evals}


def panel_keys(runs):
    """The metrics columns to draw, in a fixed order (losses first, lr / speed / memory last)."""
    keys = {k for r in runs for row in r["metrics"] for k, v in row.items()
            if k not in NOT_PLOTTED and isinstance(v, (int, float)) and not isinstance(v, bool)}
    middle = sorted(keys - set(FIRST) - set(LAST))
    return [k for k in FIRST if k in keys] + middle + [k for k in LAST if k in keys]


def minutes_at(run, steps):
    """Training minutes at the given steps, interpolated between the metrics rows' (step, train_s)."""
    known = [(row["step"], row["train_s"]) for row in run["metrics"] if "train_s" in row]
    if not known:
        return None
    s, t = np.array(known, dtype=float).T
    return np.interp(np.asarray(steps, dtype=float), np.concatenate([[0.0], s]), np.concatenate([[0.0], t])) / 60


def plot(runs, out, x="time"):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    keys = panel_keys(runs)
    metrics = sorted({e["metric"] for r in runs for e in r["evals"]})
    panels = keys + [f"eval:{m}" for m in metrics]
    ncols = min(3, len(panels))
    nrows = -(-len(panels) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 2.9 * nrows), squeeze=False)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    use_time = x == "time" and all(minutes_at(r, [0]) is not None for r in runs)
    xmax = max((float(minutes_at(r, [r["metrics"][-1]["step"]])[0]) for r in runs
                if minutes_at(r, [0]) is not None), default=0.0) or 1.0
    for ax, panel in zip(axes.flat, panels):
        for i, run in enumerate(runs):
            colour = colours[i % len(colours)]
            if panel.startswith("eval:"):
                _eval_panel(ax, run, panel[5:], colour, use_time)
                continue
            pts = [(row["step"], row[panel]) for row in run["metrics"] if panel in row]
            if not pts:
                continue
            steps, values = np.array(pts, dtype=float).T
            xs = minutes_at(run, steps) if use_time else steps
            ax.plot(xs, values, color=colour, lw=1.2, marker="." if len(xs) < 30 else None, label=run["name"])
        title = f"{panel[5:].upper()} (eval.jsonl)" if panel.startswith("eval:") else LABELS.get(panel, panel)
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("training minutes" if use_time else "step", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
        ax.ticklabel_format(axis="x", useOffset=False, style="plain")
        if use_time:
            ax.set_xlim(0, xmax * 1.03)  # one time axis for every panel
        if panel == "lr" or (panel.startswith("eval:") and _wide_range(ax)):
            ax.set_yscale("log")
        if panel.startswith("eval:") and len(ax.get_legend_handles_labels()[0]) > 0:
            ax.legend(fontsize=6, loc="best")
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    handles = [plt.Line2D([], [], color=colours[i % len(colours)], lw=2) for i in range(len(runs))]
    fig.legend(handles, [r["name"] for r in runs], loc="upper center", ncol=min(len(runs), 4), fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.35 / (2.9 * nrows)))
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return panels


def _eval_panel(ax, run, metric, colour, use_time):
    """One run's evaluations of ``metric`` against training minutes; one marker per solver."""
    evals = [e for e in run["evals"] if e["metric"] == metric]
    solvers = sorted({e.get("solver", "") for e in evals})
    for j, solver in enumerate(solvers):
        pts = sorted((e["step"], e["value"]) for e in evals if e.get("solver", "") == solver)
        steps, values = np.array(pts, dtype=float).T
        xs = minutes_at(run, steps) if use_time else steps
        label = f"{run['name']}: {solver}" if solver else run["name"]
        ax.plot(xs, values, color=colour, marker=MARKERS[j % len(MARKERS)], ms=5, lw=1, label=label)


def _wide_range(ax):
    ys = np.concatenate([line.get_ydata() for line in ax.get_lines()] or [np.array([1.0])])
    return ys.min() > 0 and ys.max() / ys.min() > 20


def main(argv=None):
    args = parse_args(argv)
    try:
        runs = [load(run, args.n) for run in args.runs]
        folder = os.path.dirname(os.path.abspath(args.out))
        if not os.path.isdir(folder):
            raise cli.UsageError(f"--out {args.out}: folder {folder} does not exist")
        if not args.out.lower().endswith(".png"):
            raise cli.UsageError(f"--out {args.out}: must end in .png")
        panels = plot(runs, args.out, args.x)
        print(f"wrote {args.out}: {len(runs)} run(s), panels: {', '.join(panels)}")
    except (cli.UsageError, OSError) as e:
        cli.fail(str(e))


if __name__ == "__main__":
    main()
