# Issue 12 (2026-12-02): does --bf16 (CPU autocast; this Zen 4 CPU has AVX512-BF16) keep the FID per step?
# RESULTS.md's CPU-scale protocol at equal steps: fm 2272 steps, cgan (image defaults) 502 steps (what each made in
# 10 minutes on 2026-11-24), fp32 and --bf16, seed 0; FID of 2k EMA samples vs all 60k, midpoint 20 (NFE 40).
PY = "OMP_NUM_THREADS=1 /work/venv/bin/python"
M = "/work/main"
SMALL = ("--batch-size 64 --model-channels 16 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions "
         "--lr 1e-3 --critic-lr 1e-3 --lr-schedule constant")
COMMON = "--dataset fashion_mnist --device cpu --threads 1 --no-download --log-every 50 --time-clock cpu"
TR = f"{PY} {M}/train_images_simple.py {COMMON} {SMALL}"
EV = f"{PY} {M}/evaluate.py --device cpu --n 2000 --ode-method midpoint --ode-steps 20"
JOBS = []
def job(name, cmd, deps=()): JOBS.append((name, cmd, list(deps)))
for obj, steps in (("fm", 2272), ("cgan", 502)):
    for tag, flag in (("32", ""), ("16", "--bf16")):
        run = f"{obj}{tag}_s0"
        job(run, f"{TR} --objective {obj} --seed 0 --steps {steps} {flag} --out {run}")
for obj in ("fm", "cgan"):
    for tag in ("32", "16"):
        run = f"{obj}{tag}_s0"
        job(f"eval_{run}", f"mkdir -p evals/{run} && {EV} {run} --out evals/{run}", [run])
# Issue 13, item 3 (12:05 UTC): the cheaper cgan steps at equal steps against cgan32_s0 (the image defaults, 93.2)
for run, flags in (("cgan_reuse_nc2_s0", "--critic-reuse --n-critic 2"), ("cgan_nc2_s0", "--n-critic 2")):
    job(run, f"{TR} --objective cgan --seed 0 --steps 502 {flags} --out {run}")
    job(f"eval_{run}", f"mkdir -p evals/{run} && {EV} {run} --out evals/{run}", [run])
