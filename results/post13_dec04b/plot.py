"""FID at NFE 4 against extra CPU-minutes from the parent, seeds 0 and 1, from this folder's and post13_dec04's
eval records: more flow matching (midpoint 2 steps), DSC (distillation K = 4, its cosine fitted to each T; 4 Euler
steps) and, seed 0 at T = 10, the critic on the student's samples (adv_distill).

    python results/post13_dec04b/plot.py --out images/post_training_nfe4_dec04.png
"""
import argparse
import json
import os

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OLD = os.path.join(HERE, "..", "post13_dec04", "evals")
# (seed, method) -> {extra minutes: eval record}
RUNS = {
    (0, "more fm"): {0: f"{OLD}/eval_parent.json", 10: f"{OLD}/eval_mf.json", 20: f"{HERE}/evals/mf0_T20_mid2/eval.jsonl"},
    (0, "DSC"): {10: f"{OLD}/eval_DSC.json", 20: f"{HERE}/evals/DSC0_T20/eval.jsonl"},
    (0, "adv_distill, w 20"): {10: f"{HERE}/evals/ADV20_T10/eval.jsonl"},
    (0, "adv_distill, stronger critic"): {10: f"{HERE}/evals/ADVs_T10/eval.jsonl"},
    (1, "more fm"): {0: f"{HERE}/evals/parent1_mid2/eval.jsonl", 10: f"{HERE}/evals/mf1_T10_mid2/eval.jsonl",
                     20: f"{HERE}/evals/mf1_T20_mid2/eval.jsonl"},
    (1, "DSC"): {10: f"{HERE}/evals/DSC1_T10/eval.jsonl", 20: f"{HERE}/evals/DSC1_T20/eval.jsonl"},
}


def fid(path):
    with open(path) as f:
        return json.loads(f.read().splitlines()[-1])["fid"]


def draw(runs, title, out):
    """One panel per seed: each method's FID against extra minutes, the target at T = 10 dotted."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    colour = {m: f"C{i}" for i, m in enumerate(dict.fromkeys(m for _, m in runs))}  # one per method, both panels
    for seed, ax in enumerate(axes):
        parent = fid(runs[(seed, "more fm")][0])
        for (s, method), points in runs.items():
            if s != seed:
                continue
            xs = sorted(points)
            ys = [fid(points[x]) for x in xs]
            if method != "more fm":  # every post-training arm starts at the parent
                xs, ys = [0] + xs, [parent] + ys
            ax.plot(xs, ys, "o-" if len(xs) > 2 else "s--", color=colour[method], label=method)
        ax.axhline(0.85 * fid(runs[(seed, "more fm")][10]), color="grey", lw=0.8, ls=":", label="target at T = 10")
        ax.set_title(f"seed {seed}")
        ax.set_xlabel("extra CPU-minutes from the parent")
        ax.set_xticks([0, 10, 20])
    axes[0].set_ylabel("FID, 2k samples, NFE 4")
    axes[0].legend(fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    print(out)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    draw(RUNS, "Post-training at NFE 4, CPU scale, 2026-12-04", args.out)


if __name__ == "__main__":
    main()
