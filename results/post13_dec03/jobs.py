# Issue 13, item 4: flow matching's loss kept beside the critic (--fm-weight 0.0357 = 1/(2 alpha), alpha = 0.5 * 28).
# 2026-12-03 (seventh session). The sixth session's runs (2026-12-02) were lost with its machine, parents included, so
# the parents of results/post13_dec02c are retrained here to the same step (seed 0: 12329 = 40 CPU-min there,
# seed 1: 15000 = 50 CPU-min), with the same flags and seed; the training log is compared with the recorded one
# step by step (results/post13_dec02b, post13_dec02c metrics.jsonl) to show that the parent is the same model.
# From each parent: recipe B of post13_dec02c + --fm-weight 0.0357 (cganF, lr 1e-4) and the same at lr 1e-3 (cganG),
# T = 20 CPU-min, scored at T = 10 and 20 (FID of 2k EMA samples, midpoint 4 steps, NFE 8, against all 60k).
PY = "OMP_NUM_THREADS=1 /work/venv/bin/python"
M = "/work/main"
SMALL = ("--batch-size 64 --model-channels 16 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions "
         "--lr 1e-3 --critic-lr 1e-3 --lr-schedule constant")
COMMON = "--dataset fashion_mnist --device cpu --threads 1 --no-download --log-every 25 --steps 1000000 --time-clock cpu --bf16"
TR = f"{PY} {M}/train_images_simple.py {COMMON} {SMALL}"
EV = f"{PY} {M}/evaluate.py --device cpu --n 2000 --ode-method midpoint --ode-steps 4"
PICK = f"{PY} {M}/tools/pick_checkpoint.py"
PARENT_STEP = {0: 12329, 1: 15000}
JOBS = []
def job(name, cmd, deps=()): JOBS.append((name, cmd, list(deps)))
def ev(run, at, deps=None):
    out = f"evals/{run}_{at}"
    job(f"eval_{run}_{at}", f"mkdir -p {out} && {EV} $({PICK} {run} {at}) --out {out}", deps or [f"t:{run}:{at}"])
FT = ("--init-weights ema --ema-decay 0.99 --time-limit 20 --save-every 25 --keep-checkpoints 1000 "
      "--critic-warmup 100 --critic-init parent --fm-weight 0.0357")
for s in (1, 0):
    job(f"fm_s{s}", f"{TR} --objective fm --seed {s} --steps {PARENT_STEP[s]} --time-limit 200 --save-every 1000 "
                    f"--keep-checkpoints 2 --out fm_s{s}")
for s in (0, 1):
    parent = f"fm_s{s}/checkpoint_{PARENT_STEP[s]:07d}.pt"
    job(f"cganF_s{s}", f"{TR} --objective cgan --seed {s} --init-from {parent} {FT} --lr 1e-4 --out cganF_s{s}", [f"fm_s{s}"])
for s in (0, 1):
    ev(f"cganF_s{s}", 1200)
for s in (0, 1):
    ev(f"cganF_s{s}", 600)
# (05:20) the same at E_psi's lr 1e-3, the pretraining's (cganG)
for s in (0, 1):
    parent = f"fm_s{s}/checkpoint_{PARENT_STEP[s]:07d}.pt"
    job(f"cganG_s{s}", f"{TR} --objective cgan --seed {s} --init-from {parent} {FT} --lr 1e-3 --out cganG_s{s}", [f"fm_s{s}"])
for s in (0, 1):
    ev(f"cganG_s{s}", 1200)
for s in (0, 1):
    ev(f"cganG_s{s}", 600)
# (05:25) last: the retrained seed-0 parent scored as post13_dec02c scored it (36.8 there), a second check that it is the same model
job("eval_fm_s0_parent", f"mkdir -p evals/fm_s0_2400 && {EV} fm_s0/checkpoint_0012329.pt --out evals/fm_s0_2400", ["fm_s0"])
