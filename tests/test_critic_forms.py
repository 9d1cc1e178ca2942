"""The critic as the gradient of a scalar D (issue 13, item 2) and critic updates that reuse one
forward pass of E_psi (item 3): the value as one jvp equals the autograd-gradient inner product,
each loss's gradients reach only its own player, and reused inputs give the same losses."""

import pytest
import torch
from torch import nn
from torch.testing import assert_close

import train1d
from losses import ContinuousWGAN, directional_derivative
from models import ScalarCriticMLP, ScalarCriticUNet, VelocityMLP
from paths import LinearPath
from test_bad_input import TINY, assert_usage_error
from training import Trainer


def random_head(net):
    """Give the zero-initialised last layer of a UNet random weights, so D is not the zero map."""
    torch.nn.init.normal_(net.out[-1].weight, std=0.1)
    return net


@pytest.mark.parametrize("make, shape", [
    (lambda: ScalarCriticMLP(dim=3, width=16, depth=2), (5, 3)),
    (lambda: random_head(ScalarCriticUNet(in_channels=1, image_size=8, model_channels=8, channel_mult=[1, 2],
                                          num_res_blocks=1, attention_resolutions=[4])), (3, 1, 8, 8)),
], ids=["mlp", "unet"])
def test_jvp_value_equals_gradient_inner_product(make, shape):
    """<grad_x D, w> by one jvp equals the inner product with the gradient autograd computes
    (float64), for the 1-D MLP and the image UNet critic; and its gradient in w is grad_x D."""
    torch.manual_seed(0)
    D = make().double()
    x, t = torch.randn(shape, dtype=torch.float64), torch.rand(shape[0], dtype=torch.float64)
    w = torch.randn(shape, dtype=torch.float64, requires_grad=True)
    assert D(x, t).shape == (shape[0],)
    xg = x.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(D(xg, t).sum(), xg)
    value = directional_derivative(D, x, t, w)
    assert_close(value, (g * w).flatten(1).sum(1))
    (dw,) = torch.autograd.grad(value.sum(), w)
    assert_close(dw, g)


@pytest.fixture
def grad_setup():
    torch.manual_seed(0)
    E_psi, D = VelocityMLP(dim=2, width=16, depth=2), ScalarCriticMLP(dim=2, width=16, depth=2)
    objective = ContinuousWGAN(LinearPath(), lam="one_minus_t", critic_reg=0.7, critic_form="grad")
    x0, x1, t = torch.randn(6, 2), torch.randn(6, 2), torch.rand(6)
    return E_psi, D, objective, (x0, x1, t)


def explicit(E_psi, D, x0, x1, t, alpha):
    """The grad form written with the autograd gradient: -lam <g, w> + alpha/2 lam (<g, w>/|w|)^2."""
    x_t, u = (1 - t)[:, None] * x0 + t[:, None] * x1, x1 - x0
    xg = x_t.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(D(xg, t).sum(), xg, create_graph=True)
    w, lam = E_psi(x_t, t) - u, 1 - t
    slope = (g * w).sum(1) / w.norm(dim=1)
    return g, w, lam, (-lam * (g * w).sum(1) + 0.5 * alpha * lam * slope ** 2).mean()


def grads(loss, net):
    return [p.grad for p in net.parameters()] if loss is None else torch.autograd.grad(
        loss, list(net.parameters()), retain_graph=True, allow_unused=True)


def test_grad_form_critic_loss_equals_explicit_and_trains_only_D(grad_setup):
    """The critic's loss equals the same loss built from autograd's grad_x D, with the same
    gradient in D's weights, and no gradient reaches E_psi."""
    E_psi, D, objective, batch = grad_setup
    loss, stats = objective.critic_loss(E_psi, D, *batch)
    _, _, _, want = explicit(lambda x, t: E_psi(x, t).detach(), D, *batch, alpha=0.7)
    assert_close(loss, want)
    for a, b in zip(grads(loss, D), grads(want, D)):
        assert_close(a, b)
    assert all(g is None for g in torch.autograd.grad(loss, list(E_psi.parameters()), allow_unused=True))
    assert set(stats) == {"value", "slope"}


@pytest.mark.parametrize("joint", [False, True], ids=["alternating", "simultaneous"])
def test_grad_form_generator_loss_trains_only_E(grad_setup, joint):
    """E_psi's loss is mean lam <grad_x D, E_psi - u> with D's weights fixed: its gradient in
    E_psi's weights equals the explicit one's, and none reaches D. The simultaneous losses give
    the critic the same loss as critic_loss."""
    E_psi, D, objective, batch = grad_setup
    if joint:
        loss_c, _, loss_g, _ = objective.joint_losses(E_psi, D, *batch)
        assert_close(loss_c, objective.critic_loss(E_psi, D, *batch)[0])
        assert all(g is None for g in torch.autograd.grad(loss_c, list(E_psi.parameters()), allow_unused=True))
    else:
        loss_g, _ = objective.generator_loss(E_psi, D, *batch)
    g, w, lam, _ = explicit(E_psi, D, *batch, alpha=0.7)
    want = (lam * (g.detach() * w).sum(1)).mean()
    assert_close(loss_g, want)
    for a, b in zip(grads(loss_g, E_psi), grads(want, E_psi)):
        assert_close(a, b)
    assert all(g is None for g in torch.autograd.grad(loss_g, list(D.parameters()), allow_unused=True))


def test_grad_form_needs_a_regulariser(tmp_path, capsys):
    """--critic-form grad with --critic-reg 0 (an unbounded value): one line, exit 2, nothing written;
    with the defaults a 2-step run trains and its checkpoint holds a scalar critic."""
    assert_usage_error(capsys, train1d.main, [*TINY, "--critic-form", "grad", "--critic-reg", "0",
                                              "--out", tmp_path / "run"], "--critic-reg > 0")
    assert not (tmp_path / "run").exists()
    with pytest.raises(ValueError):
        ContinuousWGAN(LinearPath(), critic_reg=0.0, critic_form="grad")
    result = train1d.main([*TINY, "--critic-form", "grad", "--steps", "2", "--out", str(tmp_path / "ok")])
    assert result is not None and result["w1"] == result["w1"]


class Counting(nn.Module):
    """Wraps a network and counts its forward passes."""

    def __init__(self, net):
        super().__init__()
        self.net, self.calls = net, 0

    def forward(self, *args):
        self.calls += 1
        return self.net(*args)


@pytest.mark.parametrize("form", ["free", "grad"])
def test_critic_reuse_draws_one_batch_and_runs_E_psi_twice(tmp_path, form):
    """--critic-reuse --simultaneous --n-critic 4: per step one batch and two passes of E_psi (one
    without gradients for the 3 critic-only updates, one in the joint update), instead of 4 and 4;
    the critic's loss on reused inputs equals critic_loss on that batch."""
    args = train1d.parse_args([*TINY, "--out", str(tmp_path / "run"), "--n-critic", "4", "--simultaneous",
                               "--critic-reuse", "--critic-form", form, "--steps", "3"])
    nets, path, objective = train1d.build(args, torch.device("cpu"))
    E_psi = Counting(nets["E_psi"][0])
    nets["E_psi"] = (E_psi, nets["E_psi"][1])
    draws = []

    def next_batch(n):
        draws.append(n)
        return torch.randn(n, 1)

    trainer = Trainer(args, "train1d", nets, path, objective, next_batch, args.out)
    trainer.train_step({})
    assert len(draws) == 1 and E_psi.calls == 2
    x0, x1, t = torch.randn(8, 1), torch.randn(8, 1), torch.rand(8)
    D = nets["score_theta"][0]
    assert_close(objective.critic_loss_on(D, objective.critic_inputs(E_psi, x0, x1, t))[0],
                 objective.critic_loss(E_psi, D, x0, x1, t)[0])
    args.critic_reuse = False
    draws.clear()
    E_psi.calls = 0
    trainer.train_step({})
    assert len(draws) == 4 and E_psi.calls == 4


def test_critic_batch_size_sizes_only_the_critic_only_updates(tmp_path, capsys):
    """--critic-batch-size 24 at --batch-size 16, --n-critic 3: the warm-up step draws 3 critic batches
    of 24; a --simultaneous step draws 24, 24 and 16 (the joint update keeps the generator's batch);
    --no-simultaneous draws 24, 24, 24, then 16 for the generator. The default draws as before, and
    --critic-batch-size equal to --batch-size trains bit for bit like leaving it out. Refused with
    --critic-reuse (one line, exit 2)."""
    def sizes(extra, steps):
        args = train1d.parse_args([*TINY, "--out", str(tmp_path / "run"), "--n-critic", "3", "--critic-warmup", "1",
                                   "--steps", str(steps), *extra])
        torch.manual_seed(0)
        nets, path, objective = train1d.build(args, torch.device("cpu"))
        draws = []

        def next_batch(n):
            draws.append(n)
            return torch.randn(n, 1)

        trainer = Trainer(args, "train1d", nets, path, objective, next_batch, args.out)
        per_step, sums = [], {}
        for _ in range(steps):
            draws.clear()
            trainer.train_step(sums)
            trainer.step += 1
            per_step.append(list(draws))
        return per_step, [p.detach().clone() for p in trainer.gen_params + trainer.critic_params]

    drawn, _ = sizes(["--critic-batch-size", "24", "--simultaneous"], 2)
    assert drawn == [[24, 24, 24], [24, 24, 16]]
    drawn, _ = sizes(["--critic-batch-size", "24", "--no-simultaneous"], 2)
    assert drawn == [[24, 24, 24], [24, 24, 24, 16]]
    drawn, weights = sizes(["--simultaneous"], 3)
    assert drawn == [[16, 16, 16], [16, 16, 16], [16, 16, 16]]
    _, same = sizes(["--simultaneous", "--critic-batch-size", "16"], 3)
    assert all(torch.equal(a, b) for a, b in zip(weights, same))
    _, other = sizes(["--simultaneous", "--critic-batch-size", "24"], 3)
    assert not all(torch.equal(a, b) for a, b in zip(weights, other))
    assert_usage_error(capsys, train1d.main, [*TINY, "--critic-reuse", "--critic-batch-size", "32",
                                              "--out", tmp_path / "refused"], "--critic-batch-size")
    assert not (tmp_path / "refused").exists()
