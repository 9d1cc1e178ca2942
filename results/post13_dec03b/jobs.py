# Issue 13, item 4: the control of --fm-weight (post13_dec03's cganF), 2026-12-03 (eighth session).
# From the same parents (the retrained, bit-exact ones of post13_dec03, in ../p13e: seed 0 at step 12329, seed 1 at
# 15000): flow matching alone with cganF's fine-tune flags (--init-weights ema --lr 1e-4 --ema-decay 0.99, fresh
# optimizer), T = 20 CPU-min, scored at T = 10 and 20 (FID of 2k EMA samples, midpoint 4 steps, NFE 8, against 60k).
# Does cganF's gain over its parent come from the critic, or from a fine-tune at lr 1e-4 with EMA 0.99?
PY = "OMP_NUM_THREADS=1 /work/venv/bin/python"
M = "/work/main"
SMALL = ("--batch-size 64 --model-channels 16 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions "
         "--lr 1e-3 --critic-lr 1e-3 --lr-schedule constant")
COMMON = "--dataset fashion_mnist --device cpu --threads 1 --no-download --log-every 25 --steps 1000000 --time-clock cpu --bf16"
TR = f"{PY} {M}/train_images_simple.py {COMMON} {SMALL}"
EV = f"{PY} {M}/evaluate.py --device cpu --n 2000 --ode-method midpoint --ode-steps 4"
PICK = f"{PY} {M}/tools/pick_checkpoint.py"
PARENT = {0: "../p13e/fm_s0/checkpoint_0012329.pt", 1: "../p13e/fm_s1/checkpoint_0015000.pt"}
JOBS = []
def job(name, cmd, deps=()): JOBS.append((name, cmd, list(deps)))
def ev(run, at, deps=None):
    out = f"evals/{run}_{at}"
    job(f"eval_{run}_{at}", f"mkdir -p {out} && {EV} $({PICK} {run} {at}) --out {out}", deps or [f"t:{run}:{at}"])
FT = "--init-weights ema --lr 1e-4 --ema-decay 0.99 --time-limit 20 --save-every 100 --keep-checkpoints 1000"
for s in (0, 1):
    job(f"fmC_s{s}", f"{TR} --objective fm --seed {s} --init-from {PARENT[s]} {FT} --out fmC_s{s}")
for at in (1200, 600):
    for s in (0, 1):
        ev(f"fmC_s{s}", at)
# (07:28) larger critic batches at equal cost per step (docs/post_training.md, "What is owed"): cganF's recipe with
# its 3 critic-only updates of 64 samples replaced by 1 of 192 (--n-critic 2 --critic-batch-size 192; the joint
# update keeps 64). Same samples per step for the critic, a third of its updates, each averaging 3x more of
# dx_t/dt's spread. The warm-up matched in critic samples: cganF's 100 steps x 4 updates x 64 = 25.6k, here
# 67 x 2 x 192 = 25.7k.
FTC = ("--init-weights ema --ema-decay 0.99 --time-limit 20 --save-every 25 --keep-checkpoints 1000 "
       "--critic-init parent --fm-weight 0.0357 --lr 1e-4")
for s in (0, 1):
    job(f"cganH_s{s}", f"{TR} --objective cgan --seed {s} --init-from {PARENT[s]} {FTC} --n-critic 2 "
                       f"--critic-batch-size 192 --critic-warmup 67 --out cganH_s{s}")
for at in (1200, 600):
    for s in (0, 1):
        ev(f"cganH_s{s}", at)
# (07:56) fmC at cganF's step count (1298 and 1348 steps in 20 min): does the critic help per step, at least?
# Step 1300 is at 249 and 248 CPU-s of training (metrics.jsonl), so its folder is named by that time, as every eval's.
for s, at in ((0, 249), (1, 248)):
    out = f"evals/fmC_s{s}_{at}"
    job(f"eval_fmC_s{s}_{at}", f"mkdir -p {out} && {EV} fmC_s{s}/checkpoint_0001300.pt --out {out}", [f"fmC_s{s}"])
# (07:36) larger critic batches at more cost: cganF's 3 critic-only updates each of 192 samples instead of 64
# (--n-critic 4 --critic-batch-size 192), 3x the critic's samples per step; warm-up 34 x 4 x 192 = 26.1k samples.
for s in (0, 1):
    job(f"cganI_s{s}", f"{TR} --objective cgan --seed {s} --init-from {PARENT[s]} {FTC} --n-critic 4 "
                       f"--critic-batch-size 192 --critic-warmup 34 --out cganI_s{s}")
for at in (1200, 600):
    for s in (0, 1):
        ev(f"cganI_s{s}", at)
# (09:25) a pilot, seed 0 only, T = 10 (the session's time): lam(t) = 1 - t, weighting the small t where the parent's
# remaining error is largest (per_t/), for cganF's recipe (cganL) and for its fm-only control (fmL); --lam
# reweights --fm-weight's term too, so the control carries it as well.
job("cganL_s0", f"{TR} --objective cgan --seed 0 --init-from {PARENT[0]} {FTC} --critic-warmup 100 "
                f"--lam one_minus_t --time-limit 10 --out cganL_s0")
job("fmL_s0", f"{TR} --objective fm --seed 0 --init-from {PARENT[0]} --init-weights ema --lr 1e-4 --ema-decay 0.99 "
              f"--time-limit 10 --save-every 100 --keep-checkpoints 1000 --lam one_minus_t --out fmL_s0")
ev("cganL_s0", 600)
ev("fmL_s0", 600)
