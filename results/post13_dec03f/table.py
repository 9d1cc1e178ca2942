"""Issue 13, item 4 and issue 11 (CPU scale, --bf16; 2026-12-03, twelfth session): post-training the eleventh
session's plateau parents with the parent as a teacher (losses.TeacherStep: its own ODE over one grid step, 2
midpoint substeps), at NFE 4: DS = --objective distill (K = 4, no critic), DD = the discrete objective (DK's flags)
with --distill-weight 0.179 in place of --fm-weight. The control, more flow matching on the same parents (mf, midpoint
2 steps), and the parents at NFE 4 were scored in results/post13_dec03e and are read from there. Prints every eval of
this folder as a markdown row, then FID against T per seed; --plot draws that. Records copied with
``tools/sync_records.sh /work/exp/p13j results/post13_dec03f``.

    python results/post13_dec03f/table.py [--plot images/post_training_nfe4_dec03f.png]
"""
import argparse
import glob
import json
import os
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
CONTROLS = os.path.join(os.path.dirname(HERE), "post13_dec03e")  # mf and the parents, same parents
PARENT_S = {}


def parent_seconds(seed):
    if seed not in PARENT_S:
        with open(os.path.join(CONTROLS, f"fm_s{seed}", "metrics.jsonl")) as f:
            PARENT_S[seed] = max(json.loads(line).get("train_s", 0) for line in f if line.startswith("{"))
    return PARENT_S[seed]


def read(folder):
    """[(method, seed, T minutes or None for a parent, eval row)] of folder/evals/RUN_SECONDS[_TAG] and
    fm_sS_parent_TAG / fm_sS_SECONDS_mid2 (the parent)."""
    rows = []
    for path in sorted(glob.glob(os.path.join(folder, "evals", "*", "eval.jsonl"))):
        with open(path) as f:
            r = json.loads(f.readline())
        name = os.path.basename(os.path.dirname(path))
        method, rest = name.split("_s", 1)
        seed, when = int(rest.split("_")[0]), rest.split("_")[1]
        if method == "fm":
            rows.append(("parent", seed, None, r))
            continue
        start = round(parent_seconds(seed)) if method == "mf" else 0
        rows.append((method, seed, (int(when) - start) / 60, r))
    return rows


def critic_stats(run, step, window=100):
    """Mean c_value and c_grad_norm over the rows of the last ``window`` steps up to ``step``, or None."""
    path = os.path.join(HERE, run, "metrics.jsonl")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        rows = [json.loads(line) for line in f if line.startswith("{")]
    rows = [r for r in rows if step - window < r["step"] <= step and "c_value" in r]
    if not rows:
        return None
    return (sum(r["c_value"] for r in rows) / len(rows), sum(r["c_grad_norm"] for r in rows) / len(rows))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--plot", help="write FID against extra CPU minutes to this PNG")
    args = p.parse_args(argv)
    here = read(HERE)
    print("| run | seed | T (CPU min) | step | solver (NFE) | FID | critic value, mean abs grad over 100 steps |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for method, seed, t, r in here:
        run = f"{method}_s{seed}"
        c = critic_stats(run, r["step"]) if t is not None else None
        print(f"| {run if t is not None else 'parent'} | {seed} | {'' if t is None else f'{t:.0f}'} | {r['step']} | "
              f"{r['solver']} ({r['nfe']:.0f}) | {r['fid']:.1f} | {'' if c is None else f'{c[0]:.2f}, {c[1]:.2f}'} |")
    points = defaultdict(list)
    for method, seed, t, r in read(CONTROLS) + here:
        if method in ("mf", "DS", "DD", "DSR"):
            points[(method, seed)].append((t, r["fid"]))
        elif method == "parent" and r["nfe"] == 4:
            points[("parent", seed)] = [(0.0, r["fid"])]
    print("\n| seed | method | FID at NFE 4 (T CPU min) | vs more fm at the same T |\n| --- | --- | --- | --- |")
    for (method, seed), pts in sorted(points.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        mf = dict(points.get(("mf", seed), []))
        vs = ", ".join(f"{100 * (fid / mf[t] - 1):+.1f}% at {t:.0f}" for t, fid in sorted(pts) if t in mf and method != "mf")
        print(f"| {seed} | {method} | {' / '.join(f'{fid:.1f} ({t:.0f})' for t, fid in sorted(pts))} | {vs} |")
    if args.plot:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, axes = plt.subplots(1, 2, figsize=(9, 3.5), sharey=True)
        for seed, ax in enumerate(axes):
            parent = points.get(("parent", seed), [])
            for method, label in (("mf", "more fm, midpoint 2 steps"), ("DS", "distilled, 4 Euler steps (no critic)"),
                                  ("DD", "discrete + teacher, 4 Euler steps"),
                                  ("DSR", "distilled on its own chain (--rollout)")):
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
