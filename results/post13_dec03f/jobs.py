# Issues 13 (item 4) and 11, 2026-12-03, twelfth session. CPU scale, --bf16, FID of 2k EMA samples against all 60k at
# NFE 4, from the eleventh session's plateau parents (this machine's: seed 0 at step 12329, seed 1 at 15000; linked in
# from ../p13i, where more fm (mf_s*) was measured on the same parents: 43.1 / 41.9 and 41.1 / 39.7 at T = 10 / 20).
# New: the teacher's step (losses.TeacherStep: the frozen parent's ODE over one grid step, 2 midpoint substeps).
#   DS: --objective distill, the K = 4 student regressing the parent's steps, no critic (the control)
#   DD: DK's flags with the flow-matching pull replaced by the teacher's (--distill-weight 0.179, --fm-weight 0)
PY = "OMP_NUM_THREADS=1 /work/venv/bin/python"
M = "/work/main"
SMALL = ("--batch-size 64 --model-channels 16 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions "
         "--lr 1e-3 --critic-lr 1e-3 --lr-schedule constant")
COMMON = "--dataset fashion_mnist --device cpu --threads 1 --no-download --log-every 25 --steps 1000000 --time-clock cpu --bf16"
TR = f"{PY} {M}/train_images_simple.py {COMMON} {SMALL}"
EVB = f"{PY} {M}/evaluate.py --device cpu --n 2000"
PICK = f"{PY} {M}/tools/pick_checkpoint.py"
PARENT_STEP = {0: 12329, 1: 15000}
PARENT = {s: f"fm_s{s}/checkpoint_{PARENT_STEP[s]:07d}.pt" for s in (0, 1)}
JOBS = []
def job(name, cmd, deps=()): JOBS.append((name, cmd, list(deps)))
def ev(run, at, solver="", tag="", deps=None):
    out = f"evals/{run}_{at}{tag}"
    job(f"eval_{run}_{at}{tag}", f"mkdir -p {out} && {EVB} {solver} $({PICK} {run} {at}) --out {out}", deps or [f"t:{run}:{at}"])
DS = "--objective distill --time-steps 4 --init-weights ema --ema-decay 0.99 --save-every 50 --keep-checkpoints 1000"
DD = ("--objective discrete --time-steps 4 --n-critic 3 --critic-channels 32 --critic-reg 0.01 --critic-warmup 50 "
      "--init-weights ema --ema-decay 0.99 --save-every 25 --keep-checkpoints 1000 --distill-weight 0.179")
# (19:40) both arms, seed 0 first
for s in (0, 1):
    job(f"DS_s{s}", f"{TR} --seed {s} --init-from {PARENT[s]} {DS} --time-limit 20 --out DS_s{s}")
    job(f"DD_s{s}", f"{TR} --seed {s} --init-from {PARENT[s]} {DD} --time-limit 20 --out DD_s{s}")
# (19:44) DS_s0 at T = 10: 42.7 (mf 43.1); DD_s0 at T = 10: 44.3. The critic's arm costs 2.1x DS's step and does not help
# at T = 10, so DD_s1 is stopped (killed at ~5 CPU-min, not scored) and its lane goes to DSR: DS with --rollout (the
# student's own K-step states as inputs, the teacher's targets taken from there). Per-step error against the teacher
# (/tmp/diag/per_k.py, 512 images, EMA): parent's own Euler step 27.9 / 8.8 / 11.1 / 29.2 at t_k = 0.25 / 0.5 / 0.75 / 1,
# DS_s0 after 20 min 4.8 / 2.3 / 3.1 / 2.6, DD_s0 5.6 / 2.5 / 3.4 / 3.2.
job("DSR_s0", f"{TR} --seed 0 --init-from {PARENT[0]} {DS} --rollout --time-limit 20 --out DSR_s0")
for s in (0, 1):
    for run in ("DS", "DD"):
        for at in (600, 1200):
            if (run, s) != ("DD", 1):
                ev(f"{run}_s{s}", at)
for at in (600, 1200):
    ev("DSR_s0", at)
# (19:05, by hand before the queue, logs/eval_fm_s0_parent_mid{4,8}.log) the seed-0 parent with more steps, the
# teacher's quality: `evaluate.py --device cpu --n 2000 --ode-method midpoint --ode-steps 4|8 PARENT[0]`:
# 36.6 at NFE 8 and 34.6 at NFE 16 (45.4 at NFE 4). The teacher (K = 4, 2 midpoint substeps) is the NFE-16 solve.
# (19:30) the seed-1 parent alike, and at NFE 4 (owed from the eleventh session), on the evaluation lane
for solver, tag in (("--ode-method midpoint --ode-steps 2", "mid2"), ("--ode-method midpoint --ode-steps 8", "mid8")):
    out = f"evals/fm_s1_parent_{tag}"
    job(f"eval_fm_s1_parent_{tag}", f"mkdir -p {out} && {EVB} {solver} {PARENT[1]} --out {out}")
# (21:20) DSR_s0: 44.4 / 43.5 at T = 10 / 20 (1699 steps), worse than DS. Per-step error on the path's points
# (per_k.py, which is not DSR's training distribution): 5.9 / 2.8 / 3.6 / 2.8 at t_k = 0.25 / 0.5 / 0.75 / 1 (DS: 4.8 /
# 2.3 / 3.1 / 2.6). End of the session's runs.
