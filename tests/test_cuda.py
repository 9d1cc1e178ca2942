"""What only a CUDA device can confirm (tools/gpu_check.sh runs these): bf16 autocast, the jvp of the
learned path, compiled steps and the FID features, each against the CPU. Skipped without CUDA."""

import os

import numpy as np
import pytest
import torch
from torch.testing import assert_close

import fid
from models import InterpolantUNet, UNet
from paths import LearnedPath

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device: these tests run on a GPU")

SMALL = dict(image_size=28, model_channels=32, channel_mult=(1, 2), num_res_blocks=1, attention_resolutions=(14,))


def _randomised(net):
    """The UNets start as the zero map; random output weights make the comparisons meaningful."""
    torch.manual_seed(1)
    with torch.no_grad():
        for p in net.parameters():
            p.copy_(torch.randn_like(p) * 0.05)
    return net


def test_bf16_autocast_matches_fp32_on_cuda():
    """net.bf16 = True on CUDA: the output keeps fp32 dtype and stays within bf16 rounding of fp32."""
    net = _randomised(UNet(in_channels=1, **SMALL)).cuda()
    x, t = torch.randn(8, 1, 28, 28, device="cuda"), torch.rand(8, device="cuda")
    ref = net(x, t)
    net.bf16 = True
    out = net(x, t)
    assert out.dtype == torch.float32 and torch.isfinite(out).all()
    assert ((out - ref).norm() / ref.norm()).item() < 3e-2


def test_learned_path_jvp_on_cuda_equals_cpu():
    """x_t and dx_t/dt of the learned path (torch.func.jvp through a UNet with attention) on CUDA
    equal the CPU's within fp32 rounding (TF32 off), and their gradients in phi too."""
    torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = False
    F_cpu = _randomised(InterpolantUNet(in_channels=1, **SMALL))
    F_gpu = _randomised(InterpolantUNet(in_channels=1, **SMALL)).cuda()
    x0, x1, t = torch.randn(4, 1, 28, 28), torch.randn(4, 1, 28, 28), torch.rand(4)
    out = {}
    for name, F, dev in (("cpu", F_cpu, "cpu"), ("cuda", F_gpu, "cuda")):
        x_t, dxdt = LearnedPath(F)(x0.to(dev), x1.to(dev), t.to(dev))
        dxdt.square().sum().backward()
        out[name] = (x_t.cpu(), dxdt.cpu(), next(F.parameters()).grad.cpu())
    for a, b in zip(out["cpu"], out["cuda"]):
        assert_close(b, a, rtol=1e-3, atol=1e-4)


@pytest.mark.parametrize("mode", ["default", "reduce-overhead"])
def test_compiled_image_steps_equal_eager_on_cuda(tmp_path, mode):
    """--compile on CUDA (reduce-overhead: with CUDA graphs): three fm, three cgan and three cgan
    --critic-reuse steps give the eager losses (float tolerance)."""
    import argparse

    import bench
    from training import Trainer

    for case, extra in (("fm", ""), ("cgan", ""), ("cgan", "--critic-reuse")):
        losses = []
        for compiled in (False, True):
            args = argparse.Namespace(device="cuda:0", dataset="fashion_mnist", sizes="tiny", compile=compiled,
                                      extra=f"{extra} --compile-mode {mode}")
            torch.manual_seed(0)
            cfg, nets, path, objective, shape = bench.build_case(args, case, compiled, torch.device("cuda"))
            torch.manual_seed(0)
            data = torch.rand(64, *shape, device="cuda") * 2 - 1
            trainer = Trainer(cfg, "test", nets, path, objective,
                              lambda n: data[torch.randint(64, (n,), device="cuda")], str(tmp_path))
            rows = []
            for _ in range(3):
                sums = {}
                trainer.train_step(sums)
                trainer.step += 1
                rows.append(sums["loss_g"])
            losses.append(torch.stack(rows).cpu())
        torch._dynamo.reset()
        assert_close(losses[1], losses[0], rtol=1e-3, atol=1e-4)


def test_fid_features_on_cuda_equal_cpu():
    """The TF-Inception pool features of the same uint8 images on CUDA and on the CPU agree within 1e-3."""
    x = np.random.default_rng(0).integers(0, 256, (8, 28, 28), dtype=np.uint8)
    path = os.environ.get("CONTGAN_INCEPTION") or None  # weights carried to the machine by hand (docs/speed.md)
    cpu = fid.InceptionFeatures("cpu", batch_size=4, path=path)(x)
    gpu = fid.InceptionFeatures("cuda", batch_size=4, path=path)(x)
    np.testing.assert_allclose(gpu, cpu, atol=1e-3)
