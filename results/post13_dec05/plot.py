"""The eighteenth session's arms over the last session's best: more fm (post13_dec04b), DSb (distillation with
momentum, post13_dec04d), DSbE (DSb with --step-experts), and, where run, DSbE with the NFE-16 teacher (DSbE2); the
teacher (the parent with midpoint steps) as a horizontal line where it was scored here.

    python results/post13_dec05/plot.py --out images/post_training_nfe4_dec05.png
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "post13_dec04b"))
import plot as dec04b  # noqa: E402

E, OLD = f"{HERE}/evals", os.path.join(HERE, "..", "post13_dec04d", "evals")
RUNS = {k: v for k, v in dec04b.RUNS.items() if k[1] == "more fm"}
for s in (0, 1):
    RUNS[(s, "DSb (distillation with momentum)")] = {t: f"{OLD}/DSb_T{t}_s{s}/eval.jsonl" for t in (10, 20)}
    for name, label in (("DSbE", "DSbE (DSb, --step-experts)"), ("DSbE2", "DSbE2 (DSbE, NFE-16 teacher)")):
        RUNS[(s, label)] = {t: f"{E}/{name}{'' if t == 10 else t}_T{t}_s{s}/eval.jsonl" for t in (10, 20)
                            if os.path.exists(f"{E}/{name}{'' if t == 10 else t}_T{t}_s{s}/eval.jsonl")}


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    dec04b.draw({k: v for k, v in RUNS.items() if v}, "Post-training at NFE 4, CPU scale, 2026-12-05 (eighteenth session)",
                args.out)


if __name__ == "__main__":
    main()
