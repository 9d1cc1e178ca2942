"""FID against extra CPU-minutes from the parent, seeds 0 and 1, at NFE 2 and NFE 4: more flow matching with its best
fixed-step solver at that NFE (Euler 2 steps; midpoint 2 steps) and the distilled students (K2: 2 Euler steps, this
folder; DSbEHu: 4 Euler steps, post13_dec05b), each student drawn from its parent's score at T = 0. Run after the
records are copied beside it:

    python results/post13_dec05c/plot.py --out images/post_training_nfe2_dec05c.png
"""
import argparse
import json
import os

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
E, B, OLD = f"{HERE}/evals", f"{HERE}/../post13_dec05b/evals", f"{HERE}/../post13_dec04b/evals"
# (seed, label, NFE) -> {extra minutes: eval record}; the students' T = 0 is their parent at the same NFE
RUNS = {
    (0, "more fm, Euler 2", 2): {0: f"{E}/parent_eul2_s0", 10: f"{E}/mf_T10_eul2_s0", 20: f"{E}/mf_T20_eul2_s0"},
    (0, "K2 (2 Euler steps)", 2): {10: f"{E}/K2_T10_s0", 20: f"{E}/K2_20_T20_s0"},
    (0, "more fm, midpoint 2", 4): {0: f"{HERE}/../post13_dec04/evals/eval_parent.json",
                                    10: f"{HERE}/../post13_dec04/evals/eval_mf.json", 20: f"{OLD}/mf0_T20_mid2"},
    (0, "DSbEHu (4 Euler steps)", 4): {10: f"{B}/DSbEHu_T10_s0", 20: f"{B}/DSbEHu20_T20_s0"},
    (1, "more fm, Euler 2", 2): {0: f"{E}/parent_eul2_s1", 10: f"{E}/mf_T10_eul2_s1", 20: f"{E}/mf_T20_eul2_s1"},
    (1, "K2 (2 Euler steps)", 2): {10: f"{E}/K2_T10_s1", 20: f"{E}/K2_20_T20_s1"},
    (1, "more fm, midpoint 2", 4): {0: f"{OLD}/parent1_mid2", 10: f"{OLD}/mf1_T10_mid2", 20: f"{OLD}/mf1_T20_mid2"},
    (1, "DSbEHu (4 Euler steps)", 4): {10: f"{B}/DSbEHu_T10_s1", 20: f"{B}/DSbEHu20_T20_s1"},
}


def fid(path):
    path = path if path.endswith(".json") else f"{path}/eval.jsonl"
    with open(path) as f:
        return json.loads(f.read().splitlines()[-1])["fid"]


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    for seed, ax in enumerate(axes):
        for (s, label, nfe), points in RUNS.items():
            if s != seed:
                continue
            points = {t: r for t, r in points.items() if os.path.exists(r if r.endswith(".json") else f"{r}/eval.jsonl")}
            parent = RUNS[(seed, "more fm, Euler 2" if nfe == 2 else "more fm, midpoint 2", nfe)][0]
            xs = sorted(points) if label.startswith("more fm") else [0] + sorted(points)
            ys = [fid(points[x] if x in points else parent) for x in xs]
            ax.plot(xs, ys, "o-" if nfe == 2 else "o:", color="C0" if label.startswith("more fm") else "C1",
                    alpha=1 if nfe == 2 else 0.5, label=f"{label}, NFE {nfe}")
        ax.set_title(f"seed {seed}")
        ax.set_xlabel("extra CPU-minutes from the parent")
        ax.set_xticks([0, 10, 20])
    axes[0].set_ylabel("FID, 2k samples")
    axes[0].legend(fontsize=8)
    fig.suptitle("Distilled students against more flow matching at NFE 2 and 4, CPU scale, 2026-12-05")
    fig.tight_layout()
    fig.savefig(args.out, dpi=100)
    print(args.out)


if __name__ == "__main__":
    main()
