# Issue 13 at the RESULTS.md CPU scale (2026-12-02): flow matching pretrained 60 CPU-min (seeds 0, 1), scored every
# 10 min (plateau curve); from its 50-min checkpoint, 10 CPU-min of: more fm (the same run, 50 -> 60),
# cgan post-training, and a matched fm fine-tune. FID of 2k EMA samples (midpoint 4 steps, NFE 8) against all 60k.
# Deps: NAME (done) or "t:RUN:SECONDS" (RUN trained past SECONDS).
PY = "OMP_NUM_THREADS=1 /work/venv/bin/python"
M = "/work/main"
SMALL = ("--batch-size 64 --model-channels 16 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions "
         "--lr 1e-3 --critic-lr 1e-3 --lr-schedule constant")
COMMON = "--dataset fashion_mnist --device cpu --threads 1 --no-download --log-every 50 --steps 100000 --time-clock cpu"
TR = f"{PY} {M}/train_images_simple.py {COMMON} {SMALL}"
EV = f"{PY} {M}/evaluate.py --device cpu --n 2000 --ode-method midpoint --ode-steps 4"
JOBS = []
def job(name, cmd, deps=()): JOBS.append((name, cmd, list(deps)))
def ev(run, at=None, deps=None):
    ck = f"$({PY} pick.py {run} {at})" if at else run
    out = f"evals/{run}_{at or 'end'}"
    job(f"eval_{run}_{at or 'end'}", f"mkdir -p {out} && {EV} {ck} --out {out}",
        deps if deps is not None else ([f"t:{run}:{at}"] if at else [run]))
for s in (0, 1):
    job(f"fm_s{s}", f"{TR} --objective fm --seed {s} --time-limit 60 --save-every 50 --keep-checkpoints 1000 --out fm_s{s}")
# from the 50-min checkpoint: the continuous GAN and a matched fm fine-tune (both from the parent's EMA, lr 1e-4, EMA 0.99)
FT = "--init-weights ema --lr 1e-4 --ema-decay 0.99 --time-limit 10"
for s in (0, 1):
    parent = f"$({PY} pick.py fm_s{s} 3000)"
    job(f"cgan_s{s}", f"{TR} --objective cgan --seed {s} --init-from {parent} {FT} --critic-warmup 100 --out cgan_s{s}", [f"t:fm_s{s}:3000"])
for s in (0, 1):
    ev(f"fm_s{s}", 3000); ev(f"fm_s{s}", 3600); ev(f"cgan_s{s}")
for s in (0, 1):
    ev(f"fm_s{s}", 2400)
for s in (0, 1):
    parent = f"$({PY} pick.py fm_s{s} 3000)"
    job(f"fmft_s{s}", f"{TR} --objective fm --seed {s} --init-from {parent} {FT} --out fmft_s{s}", [f"t:fm_s{s}:3000"])
    ev(f"fmft_s{s}")
# (the 30-min points, eval_fm_sS_1800, were dropped for time)
