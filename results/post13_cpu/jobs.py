import os
PY = "OMP_NUM_THREADS=1 /work/venv/bin/python"
M = "/work/main"
SMALL = ("--batch-size 64 --model-channels 16 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions "
         "--lr 1e-3 --critic-lr 1e-3 --lr-schedule constant")
TR = (f"{PY} {M}/train_images_simple.py --dataset fashion_mnist --device cpu --threads 1 --no-download --log-every 100 "
      f"--steps 100000 --time-clock cpu --save-every 50 --keep-checkpoints 1000 {SMALL}")
EV = f"{PY} {M}/evaluate.py --device cpu --n 1000"
MID = "--ode-method midpoint --ode-steps 20"
def pick(run, s): return f"$({PY} pick.py {run} {s})"
POST = {"fm_more": "--objective fm",
        "cgan": "--objective cgan --critic-warmup 50",
        "grad": "--objective cgan --critic-form grad --critic-warmup 50",
        "reuse": "--objective cgan --critic-reuse --critic-warmup 50",
        "cganlr": "--objective cgan --critic-warmup 50 --lr 1e-4",
        "disc": "--objective discrete --time-steps 4 --n-critic 3 --critic-reg 0.1 --critic-warmup 50"}
JOBS = []
def train(name, seed, minutes):
    JOBS.append((f"{name}_s{seed}", f"{TR} {POST[name]} --seed {seed} --init-from fm_s{seed} --time-limit {minutes} --out {name}_s{seed}", [f"pre_s{seed}"]))
def ev(run, s, solver=MID, tag="mid20", deps=None):
    out = f"evals/{run}_{s}_{tag}"
    JOBS.append((f"eval_{run}_{s}_{tag}", f"mkdir -p {out} && {EV} {pick(run, s)} {solver} --out {out}", [f"pre_s{run[-1]}"] if run.startswith("fm_s") else [run]))
train("cgan", 0, 10); train("grad", 0, 10)
ev("fm_s0", 1800); ev("fm_more_s0", 600); ev("disc_s0", 600, "", "k4"); ev("fm_s0", 1800, "--ode-method midpoint --ode-steps 2", "mid2")
train("fm_more", 1, 10); train("cgan", 1, 10)
ev("cgan_s0", 600)
ev("fm_s1", 1800); ev("fm_more_s1", 600); ev("cgan_s1", 600)
train("cganlr", 0, 10); ev("cganlr_s0", 600)

