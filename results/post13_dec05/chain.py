"""How far a K = 4 student is from its teacher (the parent's ODE, --distill-substeps midpoint steps per grid step),
on 512 fixed images and noises: per grid step on the path's points, E |step(x_t) - T(x_t)|^2 / dt^2 (the training
loss), and along the sampler's own chain from the same x1, E |x_k - x_k^T|^2 between the student's and the teacher's
states after each step (x_0 is the sample). EMA weights. Run in the experiment folder (/work/exp/p16):
    python chain.py SUBSTEPS PARENT_CHECKPOINT RUN_CHECKPOINT...
"""
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))  # the repository
from data import load_image_data  # noqa: E402
from losses import TeacherStep  # noqa: E402
from models import build_network  # noqa: E402

torch.set_num_threads(1)
torch.manual_seed(0)
substeps, parent_path, runs = int(sys.argv[1]), sys.argv[2], sys.argv[3:]


def net_of(path):
    st = torch.load(path, weights_only=True, map_location="cpu")
    n = build_network(st["specs"]["E_psi"])
    n.load_state_dict(st["ema"]["E_psi"]["net"])
    n.eval().bf16 = st["config"].get("bf16", False)
    return n


data = load_image_data("fashion_mnist", torch.device("cpu"), "/usr/share/datasets/fashion-mnist", download=False)
x0 = data.sample(512)
x1 = torch.randn_like(x0)
teacher = TeacherStep(net_of(parent_path), substeps)
dt, B = 0.25, x0.shape[0]
with torch.no_grad():
    chain_t, xs_t = x1, []
    for k in (4, 3, 2, 1):
        chain_t = teacher(chain_t, torch.full((B,), k * dt), dt)
        xs_t.append(chain_t)
    for run in runs:
        net, path_err, chain_err, x = net_of(run), [], [], x1
        for k in (4, 3, 2, 1):
            t = torch.full((B,), k * dt)
            x_t = (1 - k * dt) * x0 + k * dt * x1
            path_err.append(((x_t - dt * net(x_t, t) - teacher(x_t, t, dt)) ** 2).flatten(1).sum(1).mean().item() / dt ** 2)
            x = x - dt * net(x, t)
            chain_err.append(((x - xs_t[4 - k]) ** 2).flatten(1).sum(1).mean().item())
        print(f"{run}: path error at t_k = 1, .75, .5, .25: {' / '.join(f'{e:.2f}' for e in path_err)} (mean "
              f"{sum(path_err) / 4:.2f}); chain |x - x^T|^2 after each step: {' / '.join(f'{e:.2f}' for e in chain_err)}",
              flush=True)
