"""The nineteenth session's arms: more fm (post13_dec04b), DSbE (post13_dec05), DSbEH (DSbE at lr 2e-3; seed 0 at
T = 10 from post13_dec05, the rest here), and DSbEH with the teachers 4 1 1 1 (DSbEHt, T = 10) and 2 1 1 1 (DSbEHu, T = 10 and 20).
Run after the records are copied beside it:

    python results/post13_dec05b/plot.py --out images/post_training_nfe4_dec05b.png
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "post13_dec04b"))
import plot as dec04b  # noqa: E402

E, DEC05 = f"{HERE}/evals", os.path.join(HERE, "..", "post13_dec05", "evals")
RUNS = {k: v for k, v in dec04b.RUNS.items() if k[1] == "more fm"}
for s in (0, 1):
    RUNS[(s, "DSbE (post13_dec05)")] = {t: f"{DEC05}/DSbE{'' if t == 10 else t}_T{t}_s{s}/eval.jsonl" for t in (10, 20)}
    RUNS[(s, "DSbEH (DSbE, lr 2e-3)")] = {t: f"{DEC05 if (s, t) == (0, 10) else E}/DSbEH{'' if t == 10 else t}_T{t}_s{s}/eval.jsonl"
                                          for t in (10, 20)}
    for name, label in (("DSbEHt", "DSbEHt (teacher 4 1 1 1)"), ("DSbEHu", "DSbEHu (teacher 2 1 1 1)")):
        RUNS[(s, label)] = {t: f"{E}/{name}{'' if t == 10 else t}_T{t}_s{s}/eval.jsonl" for t in (10, 20)}
RUNS = {k: {t: p for t, p in v.items() if os.path.exists(p)} for k, v in RUNS.items()}


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    dec04b.draw({k: v for k, v in RUNS.items() if v}, "Post-training at NFE 4, CPU scale, 2026-12-05 (nineteenth session)",
                args.out)


if __name__ == "__main__":
    main()
