# Issue 13, item 3 (2026-12-02, fifth session): cheaper critics at equal steps against the image defaults
# (cgan32_s0 of results/speed_dec02/images: 502 steps, FID 93.2). RESULTS.md's CPU-scale protocol, fp32, seed 0;
# FID of 2k EMA samples vs all 60k, midpoint 20 (NFE 40).
PY = "OMP_NUM_THREADS=1 /work/venv/bin/python"
M = "/work/main"
SMALL = ("--batch-size 64 --model-channels 16 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions "
         "--lr 1e-3 --critic-lr 1e-3 --lr-schedule constant")
COMMON = "--dataset fashion_mnist --device cpu --threads 1 --no-download --log-every 50 --time-clock cpu"
TR = f"{PY} {M}/train_images_simple.py {COMMON} {SMALL}"
EV = f"{PY} {M}/evaluate.py --device cpu --n 2000 --ode-method midpoint --ode-steps 20"
JOBS = []
def job(name, cmd, deps=()): JOBS.append((name, cmd, list(deps)))
def arm(run, flags):
    job(run, f"{TR} --objective cgan --seed 0 --steps 502 {flags} --out {run}")
    job(f"eval_{run}", f"mkdir -p evals/{run} && {EV} {run} --out evals/{run}", [run])
# a critic of half the width (about a quarter of its multiply-adds)
arm("cc8_s0", "--critic-channels 8")
# (17:00) cc8 116.3 and cc8_nc3 110.2 against the defaults' 93.2: a narrower critic loses FID per step. The issue's
# other suggestion: a critic learning rate that lets fewer critic updates do (n_critic 2 was 121.5 at lr 1e-3)
arm("nc2_clr2e3_s0", "--n-critic 2 --critic-lr 2e-3")
