"""Per grid step k (K = 4): E |step(x_t) - teacher(x_t)|^2 / dt^2 on 512 fixed images and noises, for the parent's own Euler step
and for each run's EMA (the teacher: the parent, 2 midpoint substeps). Run in the queue folder (/work/exp/p13j):
    python per_k.py fm_s0/checkpoint_0012329.pt DS_s0/checkpoint_0002119.pt DD_s0/checkpoint_0000986.pt
"""
import os, sys, torch
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))  # the repository
from models import build_network
from losses import TeacherStep
from data import load_image_data
torch.set_num_threads(1)
torch.manual_seed(0)
parent_path, runs = sys.argv[1], sys.argv[2:]
def net_of(path, ema=True):
    st = torch.load(path, weights_only=True, map_location="cpu")
    n = build_network(st["specs"]["E_psi"]); n.load_state_dict(st["ema"]["E_psi"]["net"] if ema else st["nets"]["E_psi"]); n.eval()
    n.bf16 = st["config"].get("bf16", False)
    return n
data = load_image_data("fashion_mnist", torch.device("cpu"), os.environ.get("FASHION_MNIST", "/usr/share/datasets/fashion-mnist"), download=False)
x0 = data.sample(512); x1 = torch.randn_like(x0)
parent = net_of(parent_path); teacher = TeacherStep(parent, 2)
nets = {"parent (Euler)": parent, **{r: net_of(r) for r in runs}}
dt = 0.25
with torch.no_grad():
    for k in (1, 2, 3, 4):
        t = torch.full((512,), k * dt)
        x_t = (1 - k * dt) * x0 + k * dt * x1
        target = teacher(x_t, t, dt)
        out = []
        for name, n in nets.items():
            fake = x_t - dt * n(x_t, t)
            out.append(f"{name.split('/')[-2] if '/' in name else name}: {((fake - target) ** 2).flatten(1).sum(1).mean().item() / dt ** 2:.2f}")
        print(f"t_k = {k * dt:.2f}: " + ", ".join(out), flush=True)
