"""More fm's samples at NFE 3 with one midpoint step and one Euler step: is Euler 3 steps its best NFE-3 sampler?
The checkpoint's EMA from seeded noise (seed 0, batches of 500, as teacher_grid.py of post13_dec05b), float32, saved
as uint8 .npy for `evaluate.py --images`.
    python fm_nfe3.py CHECKPOINT OUT.npy ORDER T_M
ORDER is "mid,euler" (a midpoint step over [T_M, 1], then an Euler step over [0, T_M]) or "euler,mid"; "mid,mid"
with T_M 0.5 is evaluate.py's midpoint 2 steps (NFE 4), the check that this script samples as evaluate.py does.
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))  # the repository
from evaluate import to_uint8, velocity_from  # noqa: E402

torch.set_num_threads(1)
ckpt, out, order, t_m = sys.argv[1], sys.argv[2], sys.argv[3].split(","), float(sys.argv[4])
net = velocity_from(torch.load(ckpt, weights_only=True, map_location="cpu"), False, "cpu")


def step(x, t, s, method):
    """x at time t -> x at time s < t by one Euler or midpoint step of the EMA velocity."""
    tt = lambda v: torch.full((x.shape[0],), v)  # noqa: E731
    if method == "euler":
        return x + (s - t) * net(x, tt(t))
    x_half = x + (s - t) / 2 * net(x, tt(t))
    return x + (s - t) * net(x_half, tt((t + s) / 2))


gen, images = torch.Generator().manual_seed(0), []
with torch.no_grad():
    for _ in range(4):
        x = torch.randn(500, 1, 28, 28, generator=gen)
        x = step(step(x, 1.0, t_m, order[0]), t_m, 0.0, order[1])
        images.append(to_uint8(x))
np.save(out, torch.cat(images).numpy())
nfe = sum(2 if m == "mid" else 1 for m in order)
print(f"{out}: {order[0]} over [{t_m}, 1], {order[1]} over [0, {t_m}], NFE {nfe}", flush=True)
