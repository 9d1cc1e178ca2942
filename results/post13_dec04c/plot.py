"""post13_dec04b's plot (more fm, DSC, adv_distill) with this folder's arms added: DS1 (distillation with the
cheaper teacher, --distill-substeps 1), PD (progressive, K = 8 then 4), LR2 (DSC at lr 2e-3) and LT (the critic
on the frozen teacher's features, --adv-critic teacher).

    python results/post13_dec04c/plot.py --out images/post_training_nfe4_dec04c.png
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "post13_dec04b"))
import plot as dec04b  # noqa: E402

E = f"{HERE}/evals"
RUNS = {**dec04b.RUNS,
        (0, "DS1 (distill, 1 midpoint step as teacher)"): {10: f"{E}/DS1_T10/eval.jsonl", 20: f"{E}/DS1_T20_s0/eval.jsonl"},
        (1, "DS1 (distill, 1 midpoint step as teacher)"): {10: f"{E}/DS1_T10_s1/eval.jsonl", 20: f"{E}/DS1_T20_s1/eval.jsonl"},
        (0, "PD (progressive, K 8 then 4)"): {10: f"{E}/PD4_T10/eval.jsonl"},
        (0, "LR2 (DSC at lr 2e-3)"): {10: f"{E}/LR2_T10/eval.jsonl"},
        (0, "LT (critic on the teacher's features)"): {10: f"{E}/LT_T10/eval.jsonl", 20: f"{E}/LT_T20_s0/eval.jsonl"},
        (1, "LT (critic on the teacher's features)"): {10: f"{E}/LT_T10_s1/eval.jsonl", 20: f"{E}/LT_T20_s1/eval.jsonl"}}
for k in [(0, "adv_distill, w 20"), (0, "adv_distill, stronger critic")]:  # the fifteenth session's, in its own plot
    RUNS.pop(k)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    dec04b.draw(RUNS, "Post-training at NFE 4, CPU scale, 2026-12-04 (sixteenth session's arms added)", args.out)


if __name__ == "__main__":
    main()
