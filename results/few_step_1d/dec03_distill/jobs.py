# Issue 11, 1-D targets, 2026-12-03 (thirteenth session): a few-step generator distilled from a flow-matching parent,
# both inside the budget of today's default 1-D run (f0a89a0's `python train1d.py --device cpu`, one thread, on this
# machine: 128 CPU-s, 126.1 user + 1.9 sys, W1/std 0.0125, 21:54 UTC with one 1-D run beside it).
# Parent: fm, 20k steps. Student: --objective distill, K steps, the teacher solving the parent's ODE with 16/K
# midpoint substeps per grid step (the parent's 16-step midpoint solve, NFE 32, over the whole chain).
PY = "OMP_NUM_THREADS=1 /work/venv/bin/python"
FS = f"{PY} /work/main/tools/few_step_1d.py --out ."
JOBS = []
def job(name, cmd, deps=()): JOBS.append((name, cmd, list(deps)))
for s in (0, 1, 2):
    for d in ("trimodal", "sharp", "far"):
        p = f"fm20k_{d}_s{s}"
        job(p, f"{FS} --name {p} --nfe 1 2 4 8 32 -- --data {d} --seed {s} --objective fm --steps 20000")
        # (22:02) seed 0's K = 1 (5000 steps) and K = 2 (8000) came out at 143 and 134 CPU-s with the parent, over
        # the budget (W1/std 0.0124 and 0.0150; K = 4: 0.0131 at 118 CPU-s): K = 1 now 3000 steps, K = 2 6000.
        for K, steps in ((4, 10000), (1, 3000), (2, 6000)):
            if K != 4 and d != "trimodal":
                continue
            n = f"ds_k{K}_{d}_s{s}" if K == 4 else f"ds_k{K}_{steps}_{d}_s{s}"
            job(n, f"{FS} --name {n} -- --data {d} --seed {s} --objective distill --time-steps {K} --distill-substeps {16 // K} "
                   f"--init-from {p} --init-weights ema --steps {steps}", [p])
# (22:04) the budget again, in this queue's conditions (one 1-D run in the other lane): f0a89a0's default run.
job("budget_f0a89a0", "cd /work/f0a && OMP_NUM_THREADS=1 /usr/bin/time -v /work/venv/bin/python train1d.py --device cpu "
    "--out /work/exp/d1/q/budget_f0a89a0")
# (22:08) the critic on top of the teacher: the discrete objective (the bold trimodal K = 4 flags of few_step.md:
# --n-critic 2 --critic-reg 0.01) plus --distill-weight w from the same parent; w = 50 = 1/(2 alpha) weighs the pull like
# the critic's own term near its optimum, w = 5 a tenth of that. 2500 steps, to fit the budget with the parent (to be
# checked in its CPU-s).
for w in (50, 5):
    n = f"dd{w}_k4_trimodal_s0"
    job(n, f"{FS} --name {n} -- --data trimodal --seed 0 --objective discrete --time-steps 4 --n-critic 2 --critic-reg 0.01 "
           f"--distill-weight {w} --distill-substeps 4 --init-from fm20k_trimodal_s0 --init-weights ema --steps 2500",
        ["fm20k_trimodal_s0"])
# (22:30) Progressive distillation (new in 668caa4: a few-step parent teaches with its own sampler's steps). K = 1 from
# a K = 2 student, both 3000 steps, against the direct K = 1 (3000 steps, 0.043 / 0.040 / 0.043). Run after the image
# runs of /work/exp/p13k end, on an otherwise idle machine. (22:52: run now instead, one lane, beside two image
# trainings and an evaluation lane: 4 processes on 2 cores, so these CPU-s are inflated by the sharing.)
for s in (0, 1, 2):
    p = f"fm20k_trimodal_s{s}"
    job(f"pk2_trimodal_s{s}", f"{FS} --name pk2_trimodal_s{s} -- --data trimodal --seed {s} --objective distill --time-steps 2 "
        f"--distill-substeps 8 --init-from {p} --init-weights ema --steps 3000", [p])
    job(f"pk1_trimodal_s{s}", f"{FS} --name pk1_trimodal_s{s} -- --data trimodal --seed {s} --objective distill --time-steps 1 "
        f"--init-from pk2_trimodal_s{s} --init-weights ema --steps 3000", [f"pk2_trimodal_s{s}"])
# The critic on a converged student, anchored to it: the discrete objective from ds_k4_trimodal_s0 (0.0131), whose own
# 4 steps are now the teacher, --distill-weight w (0 = the critic alone), lr 1e-4, 100 critic-only steps first.
for w in (0, 5, 50):
    n = f"ft{w}_k4_trimodal_s0"
    job(n, f"{FS} --name {n} -- --data trimodal --seed 0 --objective discrete --time-steps 4 --n-critic 2 --critic-reg 0.01 "
           f"--critic-warmup 100 --distill-weight {w} --init-from ds_k4_trimodal_s0 --init-weights ema --lr 1e-4 --steps 1000")
# (22:56) pk1 (3000 steps from pk2) costs only 13 CPU-s (its teacher is 2 Euler steps of pk2): 0.0527 / 0.0389 / 0.0409
# at 98-100 CPU-s with both ancestors, against the direct K = 1's 0.043 / 0.040 / 0.043 at 107-109. The rest of the
# budget buys pk1 more steps: 9000 from the same pk2 (about 125 CPU-s in all).
for s in (0, 1, 2):
    job(f"pk1L_trimodal_s{s}", f"{FS} --name pk1L_trimodal_s{s} -- --data trimodal --seed {s} --objective distill --time-steps 1 "
        f"--init-from pk2_trimodal_s{s} --init-weights ema --steps 9000", [f"pk2_trimodal_s{s}"])
# (23:04) ft on seed 0 (1000 steps, 35-36 CPU-s on top of ds_k4's 119): 0.0125 (w = 0, the critic alone), 0.0121 (w = 5),
# 0.0126 (w = 50), from ds_k4's 0.0131 and below its teacher's 0.0133 (the fm parent, midpoint 16 steps). One seed and
# differences near the scoring noise: seeds 1 and 2 for w = 0 and 5.
for s in (1, 2):
    for w in (0, 5):
        n = f"ft{w}_k4_trimodal_s{s}"
        job(n, f"{FS} --name {n} -- --data trimodal --seed {s} --objective discrete --time-steps 4 --n-critic 2 "
               f"--critic-reg 0.01 --critic-warmup 100 --distill-weight {w} --init-from ds_k4_trimodal_s{s} --init-weights ema "
               f"--lr 1e-4 --steps 1000")
