# Issue 13, item 4 and issue 11 (few steps): 2026-12-03, tenth session. CPU scale, --bf16, FID of 2k EMA samples
# against all 60k at NFE 4, from the plateau parents of post13_dec03 (../p13e: seed 0 at step 12329, 2148 CPU-s;
# seed 1 at 15000, 2583 CPU-s), as results/post13_dec03c. Two questions:
# (1) Does a stronger critic close the gap to flow matching's best NFE-4 solver? The ninth session's best arm, DE
#     (--fm-weight 0.06, n_critic 3, critic width 32), with a critic of width 64 (DG) or 6 critic updates per step (DH);
#     pilots on seed 0, T = 10, then the better one to T = 20 on both seeds.
# (2) The owed control: more flow matching, the parent's own run continued at lr 1e-3 (mf, copies of ../p13e's
#     runs resumed for 20 more CPU-minutes), scored at NFE 4 (midpoint 2 steps and Euler 4 steps).
PY = "OMP_NUM_THREADS=1 /work/venv/bin/python"
M = "/work/main"
SMALL = ("--batch-size 64 --model-channels 16 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions "
         "--lr 1e-3 --critic-lr 1e-3 --lr-schedule constant")
COMMON = "--dataset fashion_mnist --device cpu --threads 1 --no-download --log-every 25 --steps 1000000 --time-clock cpu --bf16"
TR = f"{PY} {M}/train_images_simple.py {COMMON} {SMALL}"
EVB = f"{PY} {M}/evaluate.py --device cpu --n 2000"
MID2 = "--ode-method midpoint --ode-steps 2"
EUL4 = "--ode-method euler --ode-steps 4"
PICK = f"{PY} {M}/tools/pick_checkpoint.py"
PARENT = {0: "../p13e/fm_s0/checkpoint_0012329.pt", 1: "../p13e/fm_s1/checkpoint_0015000.pt"}
PARENT_S = {0: 2148.18, 1: 2582.62}  # the parents' training CPU-seconds (metrics.jsonl)
JOBS = []
def job(name, cmd, deps=()): JOBS.append((name, cmd, list(deps)))
def ev(run, at, solver="", tag="", deps=None):
    out = f"evals/{run}_{at}{tag}"
    job(f"eval_{run}_{at}{tag}", f"mkdir -p {out} && {EVB} {solver} $({PICK} {run} {at}) --out {out}", deps or [f"t:{run}:{at}"])
FTD = ("--objective discrete --time-steps 4 --n-critic 3 --critic-channels 32 --critic-reg 0.01 --critic-warmup 50 "
       "--init-weights ema --ema-decay 0.99 --save-every 25 --keep-checkpoints 1000 --lr 1e-4 --fm-weight 0.06")
# (12:58) the pilots (the later flag wins over FTD's)
job("DG_s0", f"{TR} --seed 0 --init-from {PARENT[0]} {FTD} --critic-channels 64 --time-limit 10 --out DG_s0")
job("DH_s0", f"{TR} --seed 0 --init-from {PARENT[0]} {FTD} --n-critic 6 --time-limit 10 --out DH_s0")
ev("DG_s0", 600)
ev("DH_s0", 600)
# (13:10) the pilots at T = 10 (seed 0): DG (critic width 64, 356 steps) 46.3, DH (6 critic updates, 460 steps) 45.8,
# both worse than DE's 43.9 (828 steps) at equal time; the critic's value (0.54-0.57) is DE's. Per step: DE's own
# checkpoints at steps 350 and 450 (../p13g). At equal time the other way: cheaper steps, one critic update per
# step (DI); and E_psi's lr 3e-4 with DD's stronger pull (DJ, against DD's 44.8). These go ahead of mf's evals.
job("DI_s0", f"{TR} --seed 0 --init-from {PARENT[0]} {FTD} --n-critic 1 --time-limit 10 --out DI_s0")
job("DJ_s0", f"{TR} --seed 0 --init-from {PARENT[0]} {FTD} --fm-weight 0.179 --lr 3e-4 --time-limit 10 --out DJ_s0")
ev("DI_s0", 600)
ev("DJ_s0", 600)
for step in (350, 450):
    out = f"evals/DE_s0_step{step}"
    job(f"eval_DE_s0_step{step}", f"mkdir -p {out} && {EVB} ../p13g/DE_s0/checkpoint_{step:07d}.pt --out {out}")
# (13:47) T = 10, seed 0: DI (one critic update per step, 1628 steps) 43.7, level with DE's 43.9 at twice the steps;
# DJ (--lr 3e-4 with DD's pull 0.179, 827 steps) 42.0, the best of the discrete arms, the critic awake (value 1.5).
# DJ to T = 20 on seed 0 and on seed 1; along the lr axis, pilots at T = 10 on seed 0: DK (--lr 1e-3, pull 0.179)
# and DL (--lr 3e-4 with DE's pull 0.06). Ahead of mf's evals.
DJ = f"{FTD} --fm-weight 0.179 --lr 3e-4"
job("DJ_s0_to20", f"{TR} --seed 0 --init-from {PARENT[0]} {DJ} --time-limit 20 --out DJ_s0 --resume", ["eval_DJ_s0_600"])
job("DJ_s1", f"{TR} --seed 1 --init-from {PARENT[1]} {DJ} --time-limit 20 --out DJ_s1")
job("DK_s0", f"{TR} --seed 0 --init-from {PARENT[0]} {FTD} --fm-weight 0.179 --lr 1e-3 --time-limit 10 --out DK_s0")
job("DL_s0", f"{TR} --seed 0 --init-from {PARENT[0]} {FTD} --lr 3e-4 --time-limit 10 --out DL_s0")
ev("DJ_s0", 1200, deps=["DJ_s0_to20"])
for at in (600, 1200):
    ev("DJ_s1", at)
ev("DK_s0", 600)
ev("DL_s0", 600)
# more fm: the parent's run resumed (bit-exact) to 20 more CPU-minutes; checkpoints every 100 steps
for s in (0, 1):
    job(f"mf_s{s}", f"{TR} --objective fm --seed {s} --resume --time-limit {(PARENT_S[s] + 1200) / 60:.3f} "
                    f"--save-every 100 --keep-checkpoints 1000 --out mf_s{s}")
for s in (0, 1):
    for at in (600, 1200):
        ev(f"mf_s{s}", round(PARENT_S[s]) + at, MID2, "_mid2")
    ev(f"mf_s{s}", round(PARENT_S[s]) + 1200, EUL4, "_euler4")
# (14:29) T = 10, seed 0: DK (--lr 1e-3, pull 0.179) 42.2 and DL (--lr 3e-4, pull 0.06) 43.3, against DJ's 42.0; DJ at
# T = 20: 40.2 (seed 0) and 41.6 (seed 1), below fmC's midpoint 2 steps (42.5, 43.8) on both seeds. DK to T = 20 on
# both seeds, after mf's evals (the session's remaining time). (14:39) DK_s1 dropped before it started: CI beside the
# lanes slowed the evals, and it would not end in the session's time; DK to T = 20 on seed 0 only.
job("DK_s0_to20", f"{TR} --seed 0 --init-from {PARENT[0]} {FTD} --fm-weight 0.179 --lr 1e-3 --time-limit 20 --out DK_s0 --resume",
    ["eval_DK_s0_600"])
ev("DK_s0", 1200, deps=["DK_s0_to20"])
# (15:02) DK to T = 20 on seed 0 scored 39.0 (more fm: 40.5). With the time left after all, DK on seed 1 after all (T = 20).
job("DK_s1", f"{TR} --seed 1 --init-from {PARENT[1]} {FTD} --fm-weight 0.179 --lr 1e-3 --time-limit 20 --out DK_s1")
ev("DK_s1", 1200)
ev("DK_s1", 600)
