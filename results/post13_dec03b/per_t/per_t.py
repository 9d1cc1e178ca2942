"""Flow matching's loss of E_psi (EMA) per t bin, same data, noise and t for every checkpoint: where does
the parent lose what a later checkpoint gains? (The loss's irreducible part, the spread of dx_t/dt
around v*, is the same for all, so differences are differences of the reducible error |E - v*|^2.)

    python per_t.py PARENT.pt LATER.pt [...]    # prints one row per checkpoint, then each one's gain over the first

Run 2026-12-03 09:15-09:23 UTC on the 2-core CPU (one thread, about 3 minutes per seed), on the parents and the
20-minute fmC and cganF checkpoints of /work/exp (not committed: checkpoints stay out of the repository):
seed0.txt and seed1.txt are its output."""
import sys
import torch
sys.path.insert(0, "/work/main")
from data import load_image_data
from evaluate import velocity_from
from training import load_checkpoint

torch.set_num_threads(1)
data = load_image_data("fashion_mnist", torch.device("cpu"), download=False)
g = torch.Generator().manual_seed(123)
torch.manual_seed(0)
x0 = data.sample(4096)
torch.manual_seed(123)
x1 = torch.randn_like(x0)
edges = torch.linspace(0, 1, 11)
results = {}
for path in sys.argv[1:]:
    state = load_checkpoint(path)
    net = velocity_from(state, raw=False, device=torch.device("cpu"))
    row = []
    with torch.no_grad():
        for lo, hi in zip(edges[:-1], edges[1:]):
            tg = torch.Generator().manual_seed(int(lo * 1000))
            t = lo + (hi - lo) * torch.rand(x0.shape[0], generator=tg)
            tt = t.view(-1, 1, 1, 1)
            xt = (1 - tt) * x0 + tt * x1
            losses = []
            for i in range(0, x0.shape[0], 512):
                v = net(xt[i:i + 512], t[i:i + 512])
                losses.append(((v - (x1 - x0)[i:i + 512]) ** 2).flatten(1).sum(1))
            row.append(torch.cat(losses).mean().item())
    results[path] = row
    print(path, " ".join(f"{r:8.2f}" for r in row), flush=True)
paths = list(results)
for p in paths[1:]:
    print("gain of", p, "over", paths[0], " ".join(f"{a - b:8.3f}" for a, b in zip(results[paths[0]], results[p])))
