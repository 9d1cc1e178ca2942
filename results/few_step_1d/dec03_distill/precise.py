"""W1/std of 200k EMA samples (noise seeds 0 and 1) for the K = 4 trimodal students, their critic fine-tunes and their
teacher (the fm parent with 16 midpoint steps, NFE 32): a finer score than runs.jsonl's 20k, whose sampling floor is
about 0.0098. Needs the run folders (checkpoints), which are not in these records:

    python results/few_step_1d/dec03_distill/precise.py /work/exp/d1/q
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tools"))
from few_step_1d import load_run  # noqa: E402

runs = sys.argv[1]
for s in (0, 1, 2):
    for name, solver in ((f"fm20k_trimodal_s{s}", ("midpoint", 16)), (f"ds_k4_trimodal_s{s}", ("euler", 4)),
                         (f"ft0_k4_trimodal_s{s}", ("euler", 4)), (f"ft5_k4_trimodal_s{s}", ("euler", 4))):
        if not os.path.isdir(os.path.join(runs, name)):
            continue
        _, sampler, _ = load_run(os.path.join(runs, name))
        w = [sampler(*solver, 200_000, seed)[1] for seed in (0, 1)]
        print(f"{name:22s} {solver[0]} {solver[1]:2d}: W1/std {w[0]['w1_over_std']:.5f} / {w[1]['w1_over_std']:.5f} "
              f"(noise seeds 0 / 1; floor {w[0]['w1_floor'] / w[0]['data_std']:.5f})", flush=True)
