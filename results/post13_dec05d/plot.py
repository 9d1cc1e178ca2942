"""FID against NFE after T = 10 and 20 extra CPU-minutes from the parent, seeds 0 and 1: more flow matching with its
best fixed-step solver found at each NFE (Euler 1 and 2 steps; at NFE 3 a midpoint step over [0.4, 1], then
an Euler step, fm_nfe3.py; midpoint 2 steps at NFE 4) and the distilled student with
that many Euler steps (K1 and K2: post13_dec05c; K3: this folder; DSbEHu: post13_dec05b). Run after the records are
copied beside it:

    python results/post13_dec05d/plot.py --out images/post_training_nfe_dec05d.png
"""
import argparse
import json
import os

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
D, C, B, A = (f"{HERE}/evals", f"{HERE}/../post13_dec05c/evals", f"{HERE}/../post13_dec05b/evals",
              f"{HERE}/../post13_dec04b/evals")
# (seed, T) -> {NFE: (more fm's eval, the student's eval)}
RUNS = {
    (0, 10): {1: (f"{C}/mf_T10_eul1_s0", f"{C}/K1_T10_s0"), 2: (f"{C}/mf_T10_eul2_s0", f"{C}/K2_T10_s0"),
              3: (f"{D}/mf_T10_nfe3_mid-euler_0.4_s0", f"{D}/K3_T10_s0"),
              4: (f"{HERE}/../post13_dec04/evals/eval_mf.json", f"{B}/DSbEHu_T10_s0")},
    (0, 20): {1: (f"{C}/mf_T20_eul1_s0", f"{C}/K1_20_T20_s0"), 2: (f"{C}/mf_T20_eul2_s0", f"{C}/K2_20_T20_s0"),
              3: (f"{D}/mf_T20_nfe3_mid-euler_0.4_s0", f"{D}/K3_20_T20_s0"), 4: (f"{A}/mf0_T20_mid2", f"{B}/DSbEHu20_T20_s0")},
    (1, 10): {1: (f"{C}/mf_T10_eul1_s1", f"{C}/K1_T10_s1"), 2: (f"{C}/mf_T10_eul2_s1", f"{C}/K2_T10_s1"),
              3: (f"{D}/mf_T10_nfe3_mid-euler_0.4_s1", f"{D}/K3_T10_s1"), 4: (f"{A}/mf1_T10_mid2", f"{B}/DSbEHu_T10_s1")},
    (1, 20): {1: (f"{C}/mf_T20_eul1_s1", f"{C}/K1_20_T20_s1"), 2: (f"{C}/mf_T20_eul2_s1", f"{C}/K2_20_T20_s1"),
              3: (f"{D}/mf_T20_nfe3_mid-euler_0.4_s1", f"{D}/K3_20_T20_s1"), 4: (f"{A}/mf1_T20_mid2", f"{B}/DSbEHu20_T20_s1")},
}


def fid(path):
    """The last FID of an eval record (an eval folder's eval.jsonl, or a .json file); None where it is missing."""
    path = path if path.endswith(".json") else f"{path}/eval.jsonl"
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.loads(f.read().splitlines()[-1])["fid"]


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    for seed, ax in enumerate(axes):
        for T, style in ((10, "o--"), (20, "o-")):
            for i, (label, color) in enumerate((("more fm", "C0"), ("distilled student", "C1"))):
                points = [(nfe, fid(pair[i])) for nfe, pair in sorted(RUNS[(seed, T)].items())]
                points = [(n, v) for n, v in points if v is not None]
                ax.plot(*zip(*points), style, color=color, label=f"{label}, T = {T}")
        for nfe in (1, 2, 3, 4):  # the target: 15 % below more fm at T = 10
            mf = fid(RUNS[(seed, 10)][nfe][0])
            if mf is not None:
                ax.plot([nfe - 0.15, nfe + 0.15], [0.85 * mf] * 2, color="k", lw=1)
        ax.set_yscale("log")
        ax.set_yticks([40, 60, 100, 200, 300], ["40", "60", "100", "200", "300"])
        ax.set_yticks([], minor=True)
        ax.set_xticks([1, 2, 3, 4])
        ax.set_xlabel("NFE (network evaluations per sample)")
        ax.set_title(f"seed {seed}")
    axes[0].set_ylabel("FID, 2k samples (log scale)")
    axes[0].legend(fontsize=8, title="black bars: the target at T = 10", title_fontsize=8)
    fig.suptitle("Distilled students against more flow matching at equal extra time, CPU scale, 2026-12-05")
    fig.tight_layout()
    fig.savefig(args.out, dpi=100)


if __name__ == "__main__":
    main()
