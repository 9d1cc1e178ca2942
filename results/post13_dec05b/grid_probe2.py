"""As run on 2026-12-05 at 04:49 UTC after grid_probe.py: more shifts (midpoint 4 and 8 steps, Euler 4). Output in
grid_probe.txt; as run but for the repository path, made relative.
    python grid_probe2.py fm_s0/checkpoint_0012329.pt
"""
import sys, torch
sys.path.insert(0, __import__("os").path.join(__import__("os").path.dirname(__import__("os").path.abspath(__file__)), "..", ".."))
from models import build_network
torch.set_num_threads(1); torch.manual_seed(0)
def net_of(path):
    st = torch.load(path, weights_only=True, map_location="cpu")
    n = build_network(st["specs"]["E_psi"]); n.load_state_dict(st["ema"]["E_psi"]["net"]); n.eval().bf16 = st["config"].get("bf16", False)
    return n
net = net_of(sys.argv[1])
x1 = torch.randn(512, 1, 28, 28)
def v(x, t): return net(x, torch.full((x.shape[0],), float(t)))
@torch.no_grad()
def solve(grid, method):
    x = x1
    for a, b in zip(grid[:-1], grid[1:]):
        h = a - b
        if method == "euler": x = x - h * v(x, a)
        else:
            xm = x - h / 2 * v(x, a); x = x - h * v(xm, a - h / 2)
    return x
def uni(n): return [1 - i / n for i in range(n + 1)]
ref = solve(uni(64), "mid")
for name, g, m in [(f"mid4 shift{s}", [s * t / (1 + (s - 1) * t) for t in uni(4)], "mid") for s in (1.5, 2.5, 3.0, 4.0)] + [(f"euler4 shift{s}", [s * t / (1 + (s - 1) * t) for t in uni(4)], "euler") for s in (1.5, 2.0, 3.0)] + [(f"mid8 shift{s}", [s * t / (1 + (s - 1) * t) for t in uni(8)], "mid") for s in (1.5, 2.0, 3.0)] or [("mid4 uniform", uni(4), "mid"), ("mid8 uniform", uni(8), "mid")] + \
        [(f"mid4 pow{p}", [(1 - i / 4) ** p for i in range(5)], "mid") for p in (1.5, 2, 3)] + \
        [("euler4 uniform", uni(4), "euler")] + [(f"euler4 pow{p}", [(1 - i / 4) ** p for i in range(5)], "euler") for p in (1.5, 2, 3)] + \
        [(f"mid4 shift{s}", [s * t / (1 + (s - 1) * t) for t in uni(4)], "mid") for s in (0.5, 0.33, 2.0)]:
    x = solve(g, m)
    print(f"{name:16s} grid {' '.join(f'{t:.3f}' for t in g)}  |x - ref|^2 {((x - ref) ** 2).flatten(1).sum(1).mean():.3f}", flush=True)
