"""Issue 12, 2026-12-05: what one step of train1d.py's default Trainer costs (run from the repository root).

    python results/speed_dec05/step1d.py time N [FLAGS]   # ms a step over N steps (after 20 warm-up); NT=2 for two threads
    python results/speed_dec05/step1d.py profile         # torch.profiler over 30 steps, operators by self time
    python results/speed_dec05/step1d.py flops           # FLOPs of one step (torch.utils.flop_counter)
"""
import os
import sys
import time

import torch

sys.path.insert(0, os.getcwd())
import train1d  # noqa: E402
from data import load_target_1d  # noqa: E402
from training import Trainer  # noqa: E402


def trainer(flags):
    args = train1d.parse_args(["--device", "cpu", "--out", "/tmp/step1d_run"] + flags)
    target = load_target_1d(args.data, None)
    nets, path, objective = train1d.build(args, torch.device("cpu"))
    return Trainer(args, "train1d", nets, path, objective, lambda n: target.sample(n), args.out)


def main():
    torch.set_num_threads(int(os.environ.get("NT", "1")))
    mode = sys.argv[1]
    n = int(sys.argv[2]) if mode == "time" else 0
    t0 = time.perf_counter()
    tr, sums = trainer(sys.argv[3:] if mode == "time" else []), {}
    for _ in range(20):
        tr.train_step(sums)
    print(f"threads {torch.get_num_threads()}, set-up and 20 warm-up steps {time.perf_counter() - t0:.1f} s")
    if mode == "time":
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(n):
            tr.train_step(sums)
        print(f"{1000 * (time.perf_counter() - t0) / n:.2f} ms a step wall, {1000 * (time.process_time() - c0) / n:.2f} ms CPU")
    elif mode == "profile":
        from torch.profiler import profile
        with profile() as p:
            for _ in range(30):
                tr.train_step(sums)
        print(p.key_averages().table(sort_by="self_cpu_time_total", row_limit=25))
    elif mode == "flops":
        from torch.utils.flop_counter import FlopCounterMode
        with FlopCounterMode(display=False) as fc:
            tr.train_step(sums)
        print(f"{fc.get_total_flops() / 1e9:.4f} GFLOP a step;",
              {str(k): round(v / 1e9, 4) for k, v in fc.get_flop_counts()["Global"].items()})


if __name__ == "__main__":
    main()
