"""The WGAN-GP baseline: its loss against closed forms, the DCGAN networks' shapes, and a 2-step
run of train_wgan_gp.py on fabricated Fashion-MNIST / CIFAR-10 files, scored by evaluate.py."""

import json

import numpy as np
import pytest
import torch
from torch import nn
from torch.testing import assert_close

import evaluate
import train_wgan_gp
from losses import WGANGP
from models import Critic, Generator, build_network
from test_images import write_cifar, write_idx


class LinearG(nn.Module):
    """G(z) = A z + c, with the z_dim attribute the loss reads."""

    def __init__(self, z_dim, shape):
        super().__init__()
        self.z_dim, self.shape = z_dim, shape
        self.lin = nn.Linear(z_dim, int(np.prod(shape)))

    def forward(self, z):
        return self.lin(z).view(-1, *self.shape)


def test_gradient_penalty_and_value_of_a_linear_critic():
    """D(x) = <w, x> + b has grad_x D = w everywhere: the penalty is exactly (|w| - 1)^2 and the
    critic's value is <w, mean(x0) - mean(G(z))>, with G(z) drawn from the same seed."""
    torch.manual_seed(0)
    shape = (1, 4, 4)
    G, D = LinearG(3, shape), nn.Sequential(nn.Flatten(), nn.Linear(16, 1), nn.Flatten(0))
    x0 = torch.randn(8, *shape)
    w = D[1].weight.detach().reshape(-1)
    torch.manual_seed(1)
    loss, stats = WGANGP(gp=10.0).critic_loss(G, D, x0, None, None)
    torch.manual_seed(1)
    with torch.no_grad():
        fake = G(torch.randn(8, 3))
    w_dist = (w * (x0.mean(0) - fake.mean(0)).reshape(-1)).sum()
    assert_close(stats["gp"], (w.norm() - 1) ** 2)
    assert_close(stats["w_dist"], w_dist)
    assert_close(loss.detach(), -w_dist + 10.0 * (w.norm() - 1) ** 2)
    # the penalty's gradient reaches the critic's weights: d/dw 10 (|w| - 1)^2 - d/dw w_dist
    loss.backward()
    want = 10.0 * 2 * (w.norm() - 1) * w / w.norm() - (x0.mean(0) - fake.mean(0)).reshape(-1)
    assert_close(D[1].weight.grad.reshape(-1), want)


def test_generator_loss_is_minus_the_critic_on_fakes():
    torch.manual_seed(0)
    G, D = LinearG(3, (1, 4, 4)), nn.Sequential(nn.Flatten(), nn.Linear(16, 1), nn.Flatten(0))
    x0 = torch.zeros(5, 1, 4, 4)
    torch.manual_seed(2)
    loss, _ = WGANGP().generator_loss(G, D, x0, None, None)
    torch.manual_seed(2)
    assert_close(loss, -D(G(torch.randn(5, 3))).mean())


@pytest.mark.parametrize("channels,size", [(1, 28), (3, 32)])
def test_dcgan_shapes(channels, size):
    G = build_network({"kind": "dcgan_generator", "out_channels": channels, "image_size": size, "z_dim": 16, "dim": 8})
    D = build_network({"kind": "dcgan_critic", "in_channels": channels, "image_size": size, "dim": 8})
    x = G(torch.randn(3, 16))
    assert x.shape == (3, channels, size, size) and x.abs().max() <= 1
    assert D(x).shape == (3,)
    assert not any(isinstance(m, nn.modules.batchnorm._BatchNorm) for m in D.modules())  # per-sample penalty
    with pytest.raises(ValueError, match="divisible by 4"):
        Generator(1, 30)
    with pytest.raises(ValueError, match="divisible by 4"):
        Critic(1, 30)


@pytest.fixture(scope="module")
def data_dirs(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    write_cifar(root / "cifar" / "cifar-10-batches-py", per_batch=2)
    (root / "fmnist").mkdir()
    write_idx(root / "fmnist" / "train-images-idx3-ubyte.gz", np.random.default_rng(0).integers(0, 256, (10, 28, 28), dtype=np.uint8))
    return {"cifar10": root / "cifar", "fashion_mnist": root / "fmnist"}


@pytest.mark.slow
@pytest.mark.parametrize("dataset", ["fashion_mnist", "cifar10"])
def test_two_step_run_and_evaluation(dataset, data_dirs, tmp_path, capsys):
    out = tmp_path / "run"
    result = train_wgan_gp.main(["--device", "cpu", "--dataset", dataset, "--data-dir", str(data_dirs[dataset]),
                                 "--no-download", "--steps", "2", "--batch-size", "4", "--dim", "8", "--critic-dim", "8",
                                 "--log-every", "1", "--out", str(out)])
    assert result["steps"] == 2
    for name in ("config.json", "checkpoint_0000002.pt", "samples_raw_0000002.png", "samples_ema_0000002.png"):
        assert (out / name).is_file(), name
    with open(out / "metrics.jsonl") as f:
        rows = [json.loads(line) for line in f]
    assert [r["step"] for r in rows] == [1, 2]
    assert all(np.isfinite(r[k]) for r in rows for k in ("loss_c", "loss_g", "c_w_dist", "c_gp"))
    capsys.readouterr()
    evaluate.main([str(out), "--device", "cpu", "--n", "3", "--ref-n", "4", "--cache-dir", str(tmp_path / "cache")])
    scored = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert scored["metric"] == "fid" and np.isfinite(scored["fid"]) and scored["nfe"] == 1.0
    assert scored["solver"] == "generator (one forward pass)" and (out / "eval_ema_0000002.png").is_file()
