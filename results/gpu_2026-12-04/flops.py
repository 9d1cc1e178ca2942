# FLOPs per training step of fm and the cgan variants at the default sizes (batch 8, CPU): PYTHONPATH=. python results/gpu_2026-12-04/flops.py
# Printed 2026-12-04: fm 57.52 GFLOP; cgan 6.00x; cgan_reuse 5.33x; cgan_reuse_c32 2.38x; cgan_c32 3.04x
import argparse, torch, bench
rows = {}
for label, case, extra in [("fm", "fm", ""), ("cgan", "cgan", ""), ("cgan_reuse", "cgan_reuse", ""),
                           ("cgan_reuse_c32", "cgan_reuse", "--critic-channels 32"), ("cgan_c32", "cgan", "--critic-channels 32")]:
    args = argparse.Namespace(device="cpu", dataset="fashion_mnist", sizes="default", extra=f"--batch-size 8 {extra}")
    torch.manual_seed(0)
    tr = bench.case_trainer(args, case, torch.device("cpu"), n_images=64)
    with bench.FlopCount() as fc:
        tr.train_step({})
    rows[label] = fc.total
    print(label, f"{fc.total/1e9:.2f} GFLOP per step at batch 8", f"{fc.total/rows['fm']:.2f}x fm", flush=True)
