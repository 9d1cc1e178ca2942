"""Speed work (issue 12) changes no result: fused Adam equals torch's default Adam, compiled steps
give the eager losses, bf16 autocast on the CPU stays within bf16 rounding of fp32, and bench.py
counts the passes each objective makes per step."""

import argparse
import os

import pytest
import torch
from torch.testing import assert_close

import bench
import train1d
from losses import OBJECTIVES
from models import UNet
from test_cuda import SMALL, _randomised
from training import Trainer, make_adam

TINY_1D = ["--device", "cpu", "--width", "16", "--critic-width", "16", "--depth", "2", "--critic-depth", "2",
           "--time-dim", "4", "--batch-size", "32", "--n-critic", "2", "--steps", "4"]


def test_fused_adam_equals_default_adam():
    """make_adam (fused on CPU) takes the same steps as torch.optim.Adam's default implementation."""
    torch.manual_seed(0)
    a = [torch.randn(5, 3, requires_grad=True), torch.randn(7, requires_grad=True)]
    b = [p.detach().clone().requires_grad_(True) for p in a]
    opt_a, opt_b = make_adam(a, 1e-2, (0.0, 0.9)), torch.optim.Adam(b, lr=1e-2, betas=(0.0, 0.9), foreach=False)
    assert opt_a.defaults["fused"] or opt_a.defaults["foreach"]
    for _ in range(5):
        for params, opt in ((a, opt_a), (b, opt_b)):
            opt.zero_grad()
            sum((p.sin() * torch.arange(p.numel()).reshape(p.shape)).sum() for p in params).backward()
            opt.step()
    for pa, pb in zip(a, b):
        assert_close(pa, pb, rtol=1e-6, atol=1e-6)


def _losses(tmp_path, compiled, *flags):
    args = train1d.parse_args([*TINY_1D, *flags, "--out", str(tmp_path / f"run{int(compiled)}")])
    args.compile = compiled
    torch.manual_seed(0)
    nets, path, objective = train1d.build(args, torch.device("cpu"))
    trainer = Trainer(args, "train1d", nets, path, objective, lambda n: torch.randn(n, 1), args.out)
    rows = []
    for _ in range(3):
        sums = {}
        trainer.train_step(sums)
        trainer.step += 1
        rows.append(torch.stack([sums["loss_c"], sums["loss_g"]]))
    return torch.stack(rows)


@pytest.mark.slow
@pytest.mark.parametrize("flags", [[], ["--path", "learned"], ["--compile-mode", "reduce-overhead"]],
                         ids=["linear", "learned", "reduce-overhead"])
def test_compiled_steps_equal_eager(tmp_path, flags):
    """--compile: three steps of the 1-D continuous GAN give the eager losses (float tolerance); also
    in --compile-mode reduce-overhead (on the CPU: the mode's compiler without CUDA graphs)."""
    try:
        compiled = _losses(tmp_path, True, *flags)
    except Exception as e:  # noqa: BLE001 - no C++ compiler, an unsupported platform, ...
        pytest.skip(f"torch.compile cannot run here: {type(e).__name__}: {str(e).splitlines()[0][:200]}")
    torch._dynamo.reset()
    assert_close(compiled, _losses(tmp_path, False, *flags), rtol=1e-4, atol=1e-5)


def test_bench_counts_passes_per_step():
    """bench.run_case at tiny sizes, in process: fm makes one forward and one backward of E_psi;
    cgan with n_critic 2 and simultaneous updates: 2 critic forwards and backwards, E_psi 2 forwards
    (one under no_grad for the first critic update, one shared) and 1 backward."""
    args = argparse.Namespace(device="cpu", dataset="fashion_mnist", sizes="tiny", extra="--n-critic 2", steps=1,
                              warmup=0, threads=0)
    fm = bench.run_case(args, "fm", False)
    assert fm["passes"] == {"E_psi": {"forward": 1, "backward": 1}}
    assert fm["ms_per_step"] > 0 and fm["images_per_s"] > 0 and fm["batch"] == 4
    cgan = bench.run_case(args, "cgan", False)
    assert cgan["passes"] == {"E_psi": {"forward": 2, "backward": 1}, "score_theta": {"forward": 2, "backward": 2}}
    assert cgan["params"]["E_psi"] == fm["params"]["E_psi"]


def test_bench_cases_cover_every_objective():
    """Every objective the image scripts offer has a bench case (a new one is one line in CASES)."""
    benched = {flags[flags.index("--objective") + 1] for _, flags in bench.CASES.values() if "--objective" in flags}
    assert set(OBJECTIVES) == benched, set(OBJECTIVES) ^ benched
    scripts = {script for script, _ in bench.CASES.values()}
    assert {"train_images_simple", "train_images", "train_wgan_gp"} <= scripts
    assert all(os.path.isfile(os.path.join(os.path.dirname(bench.__file__), f"{s}.py")) for s in scripts)


def test_bench_flop_count_closed_form_and_torch():
    """bench.FlopCount: a linear layer's forward and backward are 2*B*I*O flops each for the output,
    and the input and weight gradients (6*B*I*O in all); an fm step counts what torch's FlopCounterMode
    counts; a WGAN-GP step, where FlopCounterMode's module hooks fail under autograd.grad, is counted."""
    from torch.utils.flop_counter import FlopCounterMode
    layer, x = torch.nn.Linear(5, 3, bias=False), torch.randn(4, 5, requires_grad=True)
    with bench.FlopCount() as fc:
        layer(x).sum().backward()
    assert fc.total == 6 * 4 * 5 * 3
    counts = {}
    for case in ("fm", "wgan_gp"):
        args = argparse.Namespace(device="cpu", dataset="fashion_mnist", sizes="tiny", extra="")
        torch.manual_seed(0)
        trainer = bench.case_trainer(args, case, torch.device("cpu"), n_images=16)
        with bench.FlopCount() as fc:
            trainer.train_step({})
        counts[case] = fc.total
        if case == "fm":
            with FlopCounterMode(display=False) as ref:
                trainer.train_step({})
            assert fc.total == ref.get_total_flops() > 0
    assert counts["wgan_gp"] > 0


def test_bf16_autocast_on_cpu_matches_fp32():
    """--bf16 on the CPU (net.bf16 = True: autocast of the UNet's forward pass, recommended in
    docs/speed.md on CPUs with native bf16): the output keeps fp32 dtype and stays within bf16
    rounding of fp32, and so do the gradients that train it."""
    net = _randomised(UNet(in_channels=1, **SMALL))  # test_cuda's network and weights
    x, t = torch.randn(4, 1, 28, 28), torch.rand(4)
    out, grads = {}, {}
    for on in (False, True):
        net.bf16 = on
        net.zero_grad()
        out[on] = net(x, t)
        out[on].square().mean().backward()
        grads[on] = torch.cat([p.grad.reshape(-1) for p in net.parameters()])
    assert out[True].dtype == torch.float32 and torch.isfinite(out[True]).all()
    assert ((out[True] - out[False]).norm() / out[False].norm()).item() < 1e-2  # 0.005 measured
    assert ((grads[True] - grads[False]).norm() / grads[False].norm()).item() < 1e-2  # 0.001 measured
    assert not torch.equal(out[True], out[False])  # autocast did run in bf16
