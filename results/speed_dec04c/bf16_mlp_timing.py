# Issue 12 (2026-12-04, sixteenth session): does bf16 pay for the 1-D networks on this CPU (AMX-BF16)?
# One thread: a 512x160x128 product in fp32 and bf16, then forward + backward of a width-128 MLP at batch 512
# with and without bf16 autocast. Run: python results/speed_dec04c/bf16_mlp_timing.py
import torch, time
torch.set_num_threads(1)
for dt in [torch.float32, torch.bfloat16]:
    a = torch.randn(512, 160, dtype=dt); w = torch.randn(128, 160, dtype=dt)
    for _ in range(50): torch.nn.functional.linear(a, w)
    t = time.perf_counter()
    for _ in range(2000): torch.nn.functional.linear(a, w)
    print(dt, (time.perf_counter()-t)/2000*1e6, "us")
net = torch.nn.Sequential(torch.nn.Linear(33,128), torch.nn.SiLU(), torch.nn.Linear(128,128), torch.nn.SiLU(), torch.nn.Linear(128,128), torch.nn.SiLU(), torch.nn.Linear(128,1))
x = torch.randn(512,33)
for ac in [False, True]:
    for _ in range(20):
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=ac): y = net(x).sum()
        y.backward()
    t = time.perf_counter()
    for _ in range(500):
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=ac): y = net(x).sum()
        y.backward()
    print("autocast", ac, (time.perf_counter()-t)/500*1e6, "us fwd+bwd")
