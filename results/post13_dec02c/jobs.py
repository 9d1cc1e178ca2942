# Issue 13, item 4 from a parent at its plateau (2026-12-02, fifth session). RESULTS.md's CPU scale, --bf16, as
# results/post13_dec02b. fm_s0 and fm_s1 are copies of p13b's runs at 40 CPU-min (config, metrics, last checkpoint),
# resumed: seed 0 gained 5.0% from 30 to 40 min (the plateau: < about 5% per 10 min), so its parent is the
# 40-min checkpoint; seed 1 gained 7.7%, so it trains to 50 min first and its parent is the 50-min checkpoint.
# From the parent: T = 20 CPU-min of more fm, and of cgan with recipe B (--critic-init parent). FID of 2k EMA samples,
# midpoint 4 steps (NFE 8), against all 60k.
PY = "OMP_NUM_THREADS=1 /work/venv/bin/python"
M = "/work/main"
SMALL = ("--batch-size 64 --model-channels 16 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions "
         "--lr 1e-3 --critic-lr 1e-3 --lr-schedule constant")
COMMON = "--dataset fashion_mnist --device cpu --threads 1 --no-download --log-every 25 --steps 1000000 --time-clock cpu --bf16"
TR = f"{PY} {M}/train_images_simple.py {COMMON} {SMALL}"
EV = f"{PY} {M}/evaluate.py --device cpu --n 2000 --ode-method midpoint --ode-steps 4"
PICK = f"{PY} {M}/tools/pick_checkpoint.py"
PARENT_S = {0: 2400, 1: 3000}
JOBS = []
def job(name, cmd, deps=()): JOBS.append((name, cmd, list(deps)))
def ev(run, at, deps=None):
    out = f"evals/{run}_{at}"
    job(f"eval_{run}_{at}", f"mkdir -p {out} && {EV} $({PICK} {run} {at}) --out {out}", deps or [f"t:{run}:{at}"])
FT = "--init-weights ema --lr 1e-4 --ema-decay 0.99 --time-limit 20 --save-every 25 --keep-checkpoints 1000"
for s in (0, 1):
    job(f"fm_s{s}", f"{TR} --objective fm --seed {s} --resume --time-limit {PARENT_S[s] // 60 + 20} --save-every 50 "
                    f"--keep-checkpoints 1000 --out fm_s{s}")
    job(f"cganB_s{s}", f"{TR} --objective cgan --seed {s} --init-from $({PICK} fm_s{s} {PARENT_S[s]}) {FT} "
                       f"--critic-warmup 100 --critic-init parent --out cganB_s{s}", [f"t:fm_s{s}:{PARENT_S[s]}"])
for s in (0, 1):
    p = PARENT_S[s]
    if s == 1:
        ev("fm_s1", p)
    for run, at in ((f"cganB_s{s}", 600), (f"fm_s{s}", p + 600), (f"cganB_s{s}", 1200), (f"fm_s{s}", p + 1200)):
        ev(run, at)
