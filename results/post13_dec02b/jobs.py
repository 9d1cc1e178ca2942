# Issue 13 at the RESULTS.md CPU scale, 2026-12-02 (fourth session), all training with --bf16 (this CPU has
# AVX512-BF16; about 1.5x the steps per CPU-second at the same FID per step, docs/speed.md):
# flow matching pretrained 20 CPU-min then continued to 40 (seeds 0, 1); from its 20-min checkpoint, T = 20 CPU-min
# of post-training (scored at T = 10 and 20). FID of 2k EMA samples (midpoint 4 steps, NFE 8) against all 60k.
PY = "OMP_NUM_THREADS=1 /work/venv/bin/python"
M = "/work/main"
SMALL = ("--batch-size 64 --model-channels 16 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions "
         "--lr 1e-3 --critic-lr 1e-3 --lr-schedule constant")
COMMON = "--dataset fashion_mnist --device cpu --threads 1 --no-download --log-every 25 --steps 1000000 --time-clock cpu --bf16"
TR = f"{PY} {M}/train_images_simple.py {COMMON} {SMALL}"
EV = f"{PY} {M}/evaluate.py --device cpu --n 2000 --ode-method midpoint --ode-steps 4"
PICK = f"{PY} {M}/tools/pick_checkpoint.py"
PARENT_S = 1200
JOBS = []
def job(name, cmd, deps=()): JOBS.append((name, cmd, list(deps)))
def ev(run, at, deps=None):
    out = f"evals/{run}_{at}"
    job(f"eval_{run}_{at}", f"mkdir -p {out} && {EV} $({PICK} {run} {at}) --out {out}", deps or [f"t:{run}:{at}"])
def parent(s): return f"$({PICK} fm_s{s} {PARENT_S})"
FT = "--init-weights ema --lr 1e-4 --ema-decay 0.99 --time-limit 20 --save-every 25 --keep-checkpoints 1000"
for s in (0, 1):
    job(f"fm_s{s}", f"{TR} --objective fm --seed {s} --time-limit 40 --save-every 50 --keep-checkpoints 1000 --out fm_s{s}")
# A: 12-02's recipe (free critic from scratch, 100 critic-only warm-up steps)
def cgan(name, s, flags): job(f"{name}_s{s}", f"{TR} --objective cgan --seed {s} --init-from {parent(s)} {FT} --critic-warmup 100 {flags} --out {name}_s{s}", [f"t:fm_s{s}:{PARENT_S}"])
cgan("cganA", 0, "")
# B: the critic starts from the parent's weights (E_psi's EMA), its output layer zeroed (--critic-init parent)
cgan("cganB", 0, "--critic-init parent")
cgan("cganB", 1, "--critic-init parent")
# evals in order of what decides the question: T = 20 first, seed 0 first
for run, at in (("cganB_s0", 1200), ("fm_s0", 1200), ("fm_s0", 2400), ("cganA_s0", 1200), ("cganB_s0", 600), ("fm_s0", 1800)):
    ev(run, at)
# (added 14:35) one-factor variants of B on seed 0: a 3x larger generator lr; 2 critic updates per step (3x fm's cost, not 5.7x)
cgan("cganC", 0, "--critic-init parent --lr 3e-4")
cgan("cganD", 0, "--critic-init parent --n-critic 2")
for run, at in (("cganC_s0", 1200), ("cganD_s0", 1200),
                ("cganB_s1", 1200), ("fm_s1", 1200), ("fm_s1", 2400), ("cganA_s0", 600), ("cganB_s1", 600), ("fm_s1", 1800)):
    ev(run, at)
# (15:44) the T = 10 scores of C and D dropped for time (both ended far above their parent at T = 20)
# (15:10) cganA_s1 dropped for time: seed 0's T = 20 (53.8 against the parent's 42.8) already says the fresh critic loses
