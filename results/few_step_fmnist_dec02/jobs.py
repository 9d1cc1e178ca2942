# Issue 11's Fashion-MNIST table at the RESULTS.md CPU scale (2026-12-02): 10 CPU-minutes of training,
# FID of 2k EMA samples against all 60k training images. Deps: NAME (done) or "t:RUN:SECONDS" (RUN trained past SECONDS).
PY = "OMP_NUM_THREADS=1 /work/venv/bin/python"
M = "/work/main"
SMALL = ("--batch-size 64 --model-channels 16 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions "
         "--lr 1e-3 --critic-lr 1e-3 --lr-schedule constant")
COMMON = "--dataset fashion_mnist --device cpu --threads 1 --no-download --log-every 50 --steps 100000 --time-clock cpu"
TR = f"{PY} {M}/train_images_simple.py {COMMON} {SMALL}"
DISC = "--objective discrete --n-critic 3 --critic-reg 0.1 --critic-channels 32"
EV = f"{PY} {M}/evaluate.py --device cpu --n 2000"
JOBS = []
def job(name, cmd, deps=()): JOBS.append((name, cmd, list(deps)))
def ev(run, solver="", tag="own", at=None, deps=None):
    ck = f"$({PY} pick.py {run} {at})" if at else run
    out = f"evals/{run}_{at or 'end'}_{tag}"
    job(f"eval_{run}_{at or 'end'}_{tag}", f"mkdir -p {out} && {EV} {ck} {solver} --out {out}",
        deps if deps is not None else ([f"t:{run}:{at}"] if at else [run]))
E = lambda n: f"--ode-method euler --ode-steps {n}"
MID = lambda n: f"--ode-method midpoint --ode-steps {n}"
RK4 = lambda n: f"--ode-method rk4 --ode-steps {n}"
job("fm", f"{TR} --objective fm --time-limit 20 --save-every 50 --keep-checkpoints 1000 --out fm")
job("d4", f"{TR} {DISC} --time-steps 4 --time-limit 10 --out d4")
job("post5_d4", f"{TR} {DISC} --time-steps 4 --init-from $({PY} pick.py fm 300) --critic-warmup 50 --time-limit 5 --out post5_d4", ["t:fm:300"])
job("post5_d4lr", f"{TR} {DISC} --time-steps 4 --init-from $({PY} pick.py fm 300) --critic-warmup 50 --lr 3e-4 --critic-reg 0.01 --time-limit 5 --out post5_d4lr", ["t:fm:300"])
job("d1", f"{TR} {DISC} --time-steps 1 --predict x0 --time-limit 10 --out d1")
ev("fm", E(4), "euler4", 600); ev("fm", MID(2), "mid2", 600); ev("d4"); ev("post5_d4"); ev("post5_d4lr")
job("wgan", f"{PY} {M}/train_wgan_gp.py {COMMON} --dim 32 --critic-dim 32 --time-limit 10 --out wgan")
ev("fm", E(1), "euler1", 600); ev("d1"); ev("wgan")
job("post10_d4", f"{TR} {DISC} --time-steps 4 --init-from $({PY} pick.py fm 600) --critic-warmup 50 --time-limit 10 --out post10_d4", ["t:fm:600"])
ev("fm", RK4(1), "rk4_1", 600)
job("d2", f"{TR} {DISC} --time-steps 2 --time-limit 10 --out d2")
job("d8", f"{TR} {DISC} --time-steps 8 --time-limit 10 --out d8")
ev("fm", MID(2), "mid2", 1200); ev("post10_d4")
ev("fm", E(2), "euler2", 600); ev("fm", MID(1), "mid1", 600); ev("d2")
ev("fm", E(8), "euler8", 600); ev("fm", MID(4), "mid4", 600); ev("d8")
ev("fm", MID(20), "mid20", 600); ev("fm", E(4), "euler4", 300)
