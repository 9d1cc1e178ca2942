"""The seventeenth session's arms over the last session's: more fm and DS1 (post13_dec04b/c), LT (the critic on the
frozen teacher's features) against LTF (the same with --penalty-fraction 0.25), DLT and DDS (10 more minutes after
DS1, with and without that critic, the fm parent kept as the teacher by --teacher-from), and DSb (DS1 with momentum,
--betas 0.9 0.99).

    python results/post13_dec04d/plot.py --out images/post_training_nfe4_dec04d.png
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "post13_dec04b"))
import plot as dec04b  # noqa: E402

E, OLD = f"{HERE}/evals", os.path.join(HERE, "..", "post13_dec04c", "evals")
DS1 = {0: f"{OLD}/DS1_T10/eval.jsonl", 1: f"{OLD}/DS1_T10_s1/eval.jsonl"}
RUNS = {k: v for k, v in dec04b.RUNS.items() if k[1] == "more fm"}
for s in (0, 1):
    RUNS.update({
        (s, "DS1"): {10: DS1[s], 20: f"{OLD}/DS1_T20_s{s}/eval.jsonl"},
        (s, "LT (critic on the teacher's features)"): {10: f"{OLD}/LT_T10{'' if s == 0 else '_s1'}/eval.jsonl"},
        (s, "LTF (LT, penalty on a quarter)"): {10: f"{E}/LTF_T10_s{s}/eval.jsonl"},
        (s, "DS1, then LTF (DLT)"): {10: DS1[s], 20: f"{E}/DLT_T20_s{s}/eval.jsonl"},
        (s, "DS1, then DS1 (DDS)"): {10: DS1[s], 20: f"{E}/DDS_T20_s{s}/eval.jsonl"},
        (s, "DSb (DS1 with momentum)"): {t: f"{E}/DSb_T{t}_s{s}/eval.jsonl" for t in (10, 20)
                                         if os.path.exists(f"{E}/DSb_T{t}_s{s}/eval.jsonl")},
    })


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    dec04b.draw({k: v for k, v in RUNS.items() if v}, "Post-training at NFE 4, CPU scale, 2026-12-04/05 (seventeenth session)",
                args.out)


if __name__ == "__main__":
    main()
