# Issue 13, item 4 (the discrete-time objective as post-training) and issue 11 (few steps): 2026-12-03, ninth session.
# From the plateau parents of post13_dec03 (bit-exact, in ../p13e: seed 0 at step 12329, seed 1 at 15000), is the
# discrete objective (K = 4, sampled with its own 4 Euler steps, NFE 4) better than flow matching at NFE 4?
# At the plateau fm's few-step error should be more its straight step than its training, the setting where the
# issue expects adversarial training to win. FID of 2k EMA samples against all 60k, CPU scale, --bf16, CPU-minutes.
PY = "OMP_NUM_THREADS=1 /work/venv/bin/python"
M = "/work/main"
SMALL = ("--batch-size 64 --model-channels 16 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions "
         "--lr 1e-3 --critic-lr 1e-3 --lr-schedule constant")
COMMON = "--dataset fashion_mnist --device cpu --threads 1 --no-download --log-every 25 --steps 1000000 --time-clock cpu --bf16"
TR = f"{PY} {M}/train_images_simple.py {COMMON} {SMALL}"
EVB = f"{PY} {M}/evaluate.py --device cpu --n 2000"
MID2 = "--ode-method midpoint --ode-steps 2"
PICK = f"{PY} {M}/tools/pick_checkpoint.py"
PARENT = {0: "../p13e/fm_s0/checkpoint_0012329.pt", 1: "../p13e/fm_s1/checkpoint_0015000.pt"}
JOBS = []
def job(name, cmd, deps=()): JOBS.append((name, cmd, list(deps)))
def ev(run, at, solver="", tag="", deps=None):
    out = f"evals/{run}_{at}{tag}"
    job(f"eval_{run}_{at}{tag}", f"mkdir -p {out} && {EVB} {solver} $({PICK} {run} {at}) --out {out}", deps or [f"t:{run}:{at}"])
# (10:05) a pilot on seed 0, T = 10: discrete K = 4 from the parent's EMA, the few_step.md post-training recipe
# (--n-critic 3 --critic-channels 32, 50 critic-only warm-up steps) with its better penalty (--critic-reg 0.01) and
# E_psi's lr lowered, as in post-training the continuous GAN: 1e-4 (DA) and 3e-4 (DB); EMA 0.99.
FTD = ("--objective discrete --time-steps 4 --n-critic 3 --critic-channels 32 --critic-reg 0.01 --critic-warmup 50 "
       "--init-weights ema --ema-decay 0.99 --save-every 25 --keep-checkpoints 1000")
job("DA_s0", f"{TR} --seed 0 --init-from {PARENT[0]} {FTD} --lr 1e-4 --time-limit 10 --out DA_s0")
job("DB_s0", f"{TR} --seed 0 --init-from {PARENT[0]} {FTD} --lr 3e-4 --time-limit 10 --out DB_s0")
# fm at NFE 4 (midpoint 2 steps, its best fixed-step solver at NFE 4 in few_step.md): the parents, and fmC (fm
# fine-tuned from the parent's EMA, lr 1e-4, EMA 0.99; ../p13f, linked here) after 20 minutes
for s in (0, 1):
    out = f"evals/parent_s{s}_mid2"
    job(f"eval_parent_s{s}_mid2", f"mkdir -p {out} && {EVB} {MID2} {PARENT[s]} --out {out}")
ev("DA_s0", 600)
ev("DB_s0", 600)
for s in (0, 1):
    ev(f"fmC_s{s}", 1200, MID2, "_mid2")
# (10:17) DA scored 60.6 at T = 10, worse than the parent at NFE 4 (midpoint 2 steps: 45.1). The parent with discrete's
# own sampler (Euler 4 steps, DA's starting point), and DA early (steps 100 and 200: 50 and 150 generator updates):
# did the critic help while its value was still large, before E_psi ran off?
for s in (0, 1):
    out = f"evals/parent_s{s}_euler4"
    job(f"eval_parent_s{s}_euler4", f"mkdir -p {out} && {EVB} --ode-method euler --ode-steps 4 {PARENT[s]} --out {out}")
for step in (100, 200):
    out = f"evals/DA_s0_step{step}"
    job(f"eval_DA_s0_step{step}", f"mkdir -p {out} && {EVB} DA_s0/checkpoint_{step:07d}.pt --out {out}")
# (10:21) fmC's evals waited on "t:fmC_sS:1200", which the finished fmC runs of ../p13f never reach in train_s
# (+30 s): done/fmC_s0 and done/fmC_s1 were touched by hand to release them.
# (10:33) DA early: step 100 (50 generator updates, critic value still 0.36) scored 46.9 against the parent's 48.1
# (Euler 4 steps), step 200 51.3, step 784 60.6: the critic helps while its value is large, then E_psi drifts once the
# critic has nothing left to separate. A restoring force against the drift: flow matching's loss kept beside the
# critic (--fm-weight, new for --objective discrete in this session) at 1/(2 alpha) = 1/(2 * 0.01 * 28) = 1.79 (DC),
# and a tenth of it (DD); otherwise DA's flags.
job("DC_s0", f"{TR} --seed 0 --init-from {PARENT[0]} {FTD} --lr 1e-4 --fm-weight 1.79 --time-limit 10 --out DC_s0")
job("DD_s0", f"{TR} --seed 0 --init-from {PARENT[0]} {FTD} --lr 1e-4 --fm-weight 0.179 --time-limit 10 --out DD_s0")
for at in (600, 300):
    for r in ("DC_s0", "DD_s0"):
        ev(r, at)
# (10:46) DC (w 1.79) scored 47.6 (the critic's value stayed at 18-20: E_psi hardly moved), DD (w 0.179) 44.8 at
# NFE 4, 7% below the parent's Euler 4 (48.1) and level with its midpoint 2 steps (45.1); the critic stayed awake
# (value 1.5-2). DD to T = 20 on seed 0 (--resume with --time-limit 20; the run's clock counts on), DD on seed 1, and
# a weaker pull (DE: w 0.06, seed 0, T = 10). fm's own sampler at NFE 4 for fmC too (Euler 4, the discrete's).
job("DD_s0_to20", f"{TR} --seed 0 --init-from {PARENT[0]} {FTD} --lr 1e-4 --fm-weight 0.179 --time-limit 20 --out DD_s0 --resume",
    ["eval_DD_s0_600"])
job("DD_s1", f"{TR} --seed 1 --init-from {PARENT[1]} {FTD} --lr 1e-4 --fm-weight 0.179 --time-limit 20 --out DD_s1")
job("DE_s0", f"{TR} --seed 0 --init-from {PARENT[0]} {FTD} --lr 1e-4 --fm-weight 0.06 --time-limit 10 --out DE_s0")
ev("DD_s0", 1200, deps=["DD_s0_to20"])
for at in (600, 1200):
    ev("DD_s1", at)
ev("DE_s0", 600)
for s in (0, 1):
    ev(f"fmC_s{s}", 1200, "--ode-method euler --ode-steps 4", "_euler4")
# (11:30) DE (w 0.06) scored 43.9 at T = 10, below DD's 44.8: DE to T = 20 on seed 0 and DE on seed 1 (ahead of
# fmC's T = 10 evals, which were moved behind them)
job("DE_s0_to20", f"{TR} --seed 0 --init-from {PARENT[0]} {FTD} --lr 1e-4 --fm-weight 0.06 --time-limit 20 --out DE_s0 --resume",
    ["eval_DE_s0_600"])
job("DE_s1", f"{TR} --seed 1 --init-from {PARENT[1]} {FTD} --lr 1e-4 --fm-weight 0.06 --time-limit 20 --out DE_s1")
ev("DE_s0", 1200, deps=["DE_s0_to20"])
# (10:41) fmC at T = 10, NFE 4 (moved last at 10:48 and again at 11:30)
for s in (0, 1):
    ev(f"fmC_s{s}", 600, MID2, "_mid2")
for at in (600, 1200):
    ev("DE_s1", at)
# (12:04) a weaker pull still, DF: w 0.02, both seeds, T = 10 (the session's remaining time)
for s in (0, 1):
    job(f"DF_s{s}", f"{TR} --seed {s} --init-from {PARENT[s]} {FTD} --lr 1e-4 --fm-weight 0.02 --time-limit 10 --out DF_s{s}")
for s in (0, 1):
    ev(f"DF_s{s}", 600)
