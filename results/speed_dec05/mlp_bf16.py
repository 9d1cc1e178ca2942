"""Issue 12, 2026-12-05: one width-128 layer and MLP of train1d.py's size at batch 512, fp32 against bf16, one thread."""
import time

import torch

torch.set_num_threads(1)


def us(f, n=300):
    for _ in range(20):
        f()
    t0 = time.perf_counter()
    for _ in range(n):
        f()
    return round(1e6 * (time.perf_counter() - t0) / n, 1)


def mlp_step(dtype, autocast=False):
    layers = [torch.nn.Linear(33, 128), torch.nn.SiLU(), torch.nn.Linear(128, 128), torch.nn.SiLU(),
              torch.nn.Linear(128, 128), torch.nn.SiLU(), torch.nn.Linear(128, 1)]
    net, x = torch.nn.Sequential(*layers).to(dtype), torch.randn(512, 33, dtype=dtype)

    def step():
        with torch.autocast("cpu", torch.bfloat16, enabled=autocast):
            y = net(x)
        y.float().sum().backward()
    return step


for dtype in (torch.float32, torch.bfloat16):
    a, w, b = torch.randn(512, 128, dtype=dtype), torch.randn(128, 128, dtype=dtype), torch.randn(128, dtype=dtype)
    print(dtype, "us: addmm", us(lambda: torch.addmm(b, a, w.t())), "weight-grad mm", us(lambda: a.t() @ a),
          "silu", us(lambda: torch.nn.functional.silu(a)), "silu_backward", us(lambda: torch.ops.aten.silu_backward(a, a)))
big = torch.randn(2048, 2048)
print("fp32 2048^3 product:", round(2 * 2048 ** 3 / us(lambda: big @ big, 20) / 1e3, 1), "GFLOP/s")
print("MLP forward and backward, us: fp32", us(mlp_step(torch.float32)), "autocast bf16", us(mlp_step(torch.float32, True)),
      "all bf16", us(mlp_step(torch.bfloat16)))
