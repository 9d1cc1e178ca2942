"""The discrete-time objective (losses.DiscreteWGAN, --objective discrete): closed forms, the K = 1
equivalence with WGAN-GP, who gets which gradient, the sampler on the training grid, x0
prediction, and the scripts end to end."""

import json
import math
import os
import sys

import pytest
import torch
from torch import nn
from torch.testing import assert_close

import evaluate
import train1d
from losses import WGANGP, ContinuousWGAN, DiscreteWGAN, FlowMatching
from models import PredictX0, ScalarCriticConv, ScalarCriticMLP, VelocityMLP, build_network
from paths import LinearPath
from sampling import sample, solver_for
from test_bad_input import IMAGES, TINY, assert_usage_error, run_images
from test_images import write_idx


class LinearCritic(nn.Module):
    """D(x, t) = <a, x> + c t: grad_x D = a everywhere."""

    def __init__(self, a, c=0.3):
        super().__init__()
        self.a, self.c = nn.Parameter(a.clone()), c

    def forward(self, x, t):
        return (x * self.a).flatten(1).sum(1) + self.c * t


class ConstVelocity(nn.Module):
    def __init__(self, E):
        super().__init__()
        self.e = nn.Parameter(E.clone())

    def forward(self, x, t):
        return self.e.clone()


@pytest.fixture
def batch():
    torch.manual_seed(0)
    B, dim = 6, 3
    return torch.randn(B, dim), torch.randn(B, dim), torch.rand(B)


def test_grid_times_are_uniform_on_the_sampling_grid():
    obj = DiscreteWGAN(LinearPath(), time_steps=4)
    t = torch.rand(40_000)
    t_k, t_prev = obj.grid_time(t)
    assert set(torch.unique(t_k).tolist()) == {0.25, 0.5, 0.75, 1.0}
    assert_close(t_k - t_prev, torch.full_like(t_k, 0.25))
    counts = torch.stack([(t_k == k / 4).float().mean() for k in range(1, 5)])
    assert_close(counts, torch.full((4,), 0.25), atol=0.01, rtol=0)
    assert_close(obj.grid_time(torch.tensor([0.0]))[0], torch.tensor([0.25]))  # t = 0 (measure zero) -> k = 1


@pytest.mark.parametrize("penalty", ["quadratic", "gp"])
def test_linear_critic_value_and_penalty_in_closed_form(batch, penalty):
    """With D = <a, x> + c t the bracket over dt is exactly lam <a, E - (x1 - x0)> (the continuous
    value with score a), and the penalty is (alpha/2) lam |a|^2 or gp lam (|a| - 1)^2 at every point."""
    x0, x1, t = batch
    a, E = torch.randn(3), torch.randn(6, 3)
    obj = DiscreteWGAN(LinearPath(), time_steps=3, lam="t", penalty=penalty, critic_reg=0.7, gp=4.0)
    loss, stats = obj.critic_loss(ConstVelocity(E), LinearCritic(a), x0, x1, t)
    lam = obj.grid_time(t)[0]
    value = ContinuousWGAN.value(a.expand(6, 3), E, x1 - x0, lam)
    pen = 0.5 * 0.7 * lam * a.pow(2).sum() if penalty == "quadratic" else 4.0 * lam * (a.norm() - 1) ** 2
    assert_close(stats["value"], value.mean())
    assert_close(stats["penalty"], pen.mean())
    assert_close(loss, -value.mean() + pen.mean())


def test_penalty_fraction_takes_the_penalty_on_the_first_samples(batch):
    """--penalty-fraction 1/3 on a batch of 6: the value is the whole batch's, the penalty's mean is over the first 2
    samples only (with a linear critic, (alpha/2) lam(t_k) |a|^2 at each of them)."""
    x0, x1, t = batch
    a, E = torch.randn(3), torch.randn(6, 3)
    obj = DiscreteWGAN(LinearPath(), time_steps=3, lam="t", critic_reg=0.7, penalty_fraction=1 / 3)
    loss, stats = obj.critic_loss(ConstVelocity(E), LinearCritic(a), x0, x1, t)
    lam = obj.grid_time(t)[0]
    assert abs(lam[:2].mean() - lam.mean()) > 0.1
    pen = 0.5 * 0.7 * lam[:2].mean() * a.pow(2).sum()
    assert_close(stats["value"], ContinuousWGAN.value(a.expand(6, 3), E, x1 - x0, lam).mean())
    assert_close(stats["penalty"], pen)
    assert_close(loss, -stats["value"] + pen)
    with pytest.raises(ValueError, match="--penalty-fraction"):
        DiscreteWGAN(LinearPath(), penalty_fraction=0.0)


def test_k1_with_gp_is_wgan_gp():
    """K = 1: t_k = 1, real = x0, fake = x1 - E_psi(x1, 1). With the gp penalty the critic's and the
    generator's losses equal WGAN-GP's for G(z) = z - E_psi(z, 1) and D'(x) = D(x, 1), values and
    gradients, for the same noise and penalty points."""
    torch.manual_seed(1)
    dim, B = 2, 8
    E = VelocityMLP(dim=dim, width=16, depth=2)
    D = ScalarCriticMLP(dim=dim, width=16, depth=2)

    class G(nn.Module):
        z_dim = dim

        def forward(self, z):
            return z - E(z, torch.ones(z.shape[0]))

    class Dx(nn.Module):
        def forward(self, x):
            return D(x, torch.ones(x.shape[0]))

    x0, t = torch.randn(B, dim), torch.rand(B)
    disc, gan = DiscreteWGAN(LinearPath(), time_steps=1, penalty="gp", gp=10.0), WGANGP(gp=10.0)
    for name in ("critic_loss", "generator_loss"):
        torch.manual_seed(2)
        x1 = torch.randn(B, dim)  # WGAN-GP draws z = randn(B, z_dim) first, then eps: the same stream
        loss_d, _ = getattr(disc, name)(E, D, x0, x1, t)
        torch.manual_seed(2)
        loss_w, _ = getattr(gan, name)(G(), Dx(), x0, None, None)
        assert_close(loss_d, loss_w)
        params = list(D.parameters()) if name == "critic_loss" else list(E.parameters())
        g_d = torch.autograd.grad(loss_d, params)
        g_w = torch.autograd.grad(loss_w, params)
        for a, b in zip(g_d, g_w):
            assert_close(a, b)


def test_each_loss_reaches_only_its_own_player(batch):
    x0, x1, t = batch
    torch.manual_seed(3)
    E, D = VelocityMLP(dim=3, width=8, depth=2), ScalarCriticMLP(dim=3, width=8, depth=2)
    obj = DiscreteWGAN(LinearPath(), time_steps=4, ot_weight=0.5)
    loss_c, _ = obj.critic_loss(E, D, x0, x1, t)
    loss_c.backward()
    assert all(p.grad is None for p in E.parameters())
    assert all(p.grad is not None for p in D.parameters())  # (the output bias cancels: its gradient is 0)
    assert sum(p.grad.abs().sum() for p in D.parameters()) > 0
    D.zero_grad(set_to_none=True)
    loss_g, _ = obj.generator_loss(E, D, x0, x1, t)
    loss_g.backward()
    assert all(p.grad is None for p in D.parameters())
    assert all(p.grad is not None for p in E.parameters())


def test_generator_loss_and_transport_cost_in_closed_form(batch):
    """E_psi's loss is -lam D(x_t - dt E, t_k) / dt + w(s) dt |E|^2; with a linear critic its gradient
    in E is lam a / B + 2 w dt E / B. w(s) = w (1 + cos(pi s)) / 2 for the cosine decay."""
    x0, x1, t = batch
    a, E = torch.randn(3), ConstVelocity(torch.randn(6, 3))
    obj = DiscreteWGAN(LinearPath(), time_steps=2, lam="t", ot_weight=0.8)
    for progress, w in ((0.0, 0.8), (0.5, 0.4), (1.0, 0.0)):
        obj.progress = progress
        assert math.isclose(obj.ot_scale(), w, abs_tol=1e-12)
    obj.progress = 0.25
    w = 0.8 * 0.5 * (1 + math.cos(math.pi * 0.25))
    loss, stats = obj.generator_loss(E, LinearCritic(a), x0, x1, t)
    t_k = obj.grid_time(t)[0]
    x_t = (1 - t_k[:, None]) * x0 + t_k[:, None] * x1
    e = E.e.detach()
    expected = (-t_k * (((x_t - 0.5 * e) * a).sum(1) + 0.3 * t_k) / 0.5).mean() + w * 0.5 * e.pow(2).sum(1).mean()
    assert_close(loss, expected)
    assert_close(stats["ot_cost"], 0.5 * e.pow(2).sum(1).mean())
    (grad,) = torch.autograd.grad(loss, E.e)
    assert_close(grad, (t_k[:, None] * a + 2 * w * 0.5 * e) / 6)


def test_fm_weight_adds_flow_matchings_loss_on_the_grid(batch):
    """fm_weight w: E_psi's loss is the critic's plus w E lam(t_k) |E_psi(x_{t_k}, t_k) - (x1 - x0)|^2, which is
    w * FlowMatching's loss at the grid times; with a linear critic its gradient in E is
    (lam a + 2 w lam (E - (x1 - x0))) / B. The critic's loss is unchanged; the rollout refuses it."""
    x0, x1, t = batch
    a, E = torch.randn(3), ConstVelocity(torch.randn(6, 3))
    plain = DiscreteWGAN(LinearPath(), time_steps=4, lam="t")
    mixed = DiscreteWGAN(LinearPath(), time_steps=4, lam="t", fm_weight=0.3)
    D = LinearCritic(a)
    base, _ = plain.generator_loss(E, D, x0, x1, t)
    got, stats = mixed.generator_loss(E, D, x0, x1, t)
    t_k = plain.grid_time(t)[0]
    err = E.e.detach() - (x1 - x0)
    mse = (t_k * err.pow(2).sum(1)).mean()
    assert_close(mse, FlowMatching(LinearPath(), lam="t").generator_loss(E, None, x0, x1, t_k)[0])
    assert_close(got, base + 0.3 * mse)
    assert_close(stats["mse"], mse)
    (grad,) = torch.autograd.grad(got, E.e)
    assert_close(grad, (t_k[:, None] * a + 2 * 0.3 * t_k[:, None] * err) / 6)
    torch.manual_seed(5)
    c_plain = plain.critic_loss(E, D, x0, x1, t)[0]
    torch.manual_seed(5)
    assert_close(mixed.critic_loss(E, D, x0, x1, t)[0], c_plain)
    with pytest.raises(ValueError, match="--rollout"):
        DiscreteWGAN(LinearPath(), rollout=True, fm_weight=0.1)


@pytest.mark.parametrize("K", [1, 2, 4, 8])
def test_sampler_takes_k_euler_steps_on_the_training_grid(K):
    """A discrete run's own solver is Euler with K steps: NFE = K, evaluated at t = 1, 1 - dt, ..., dt,
    the grid it was trained on, each step x <- x - dt E(x, t_k)."""
    method, steps = solver_for({"objective": "discrete", "time_steps": K})
    assert (method, steps) == ("euler", K)
    assert solver_for({"objective": "cgan"}) == ("dopri5", 100)
    seen = []

    def velocity(x, t):
        seen.append(float(t[0]))
        return x * t[:, None]  # dx/dt = t x

    x1 = torch.randn(5, 1, dtype=torch.float64)
    x0, nfe = sample(velocity, x1, method=method, steps=steps)
    assert nfe == K
    assert_close(torch.tensor(seen, dtype=torch.float64), torch.arange(K, 0, -1, dtype=torch.float64) / K)
    expected = x1.clone()
    for k in range(K, 0, -1):
        expected = expected - (1 / K) * expected * (k / K)
    assert_close(x0, expected)


class LinearVelocity(nn.Module):
    """E(x, t) = m x + t b: a velocity whose midpoint step has a closed form."""

    def __init__(self, m=0.7, b=(0.2, -0.4, 0.1), dtype=torch.float32):
        super().__init__()
        self.m, self.b = nn.Parameter(torch.tensor(m, dtype=dtype)), torch.tensor(b, dtype=dtype)

    def forward(self, x, t):
        return self.m * x + t[:, None] * self.b


def test_midpoint_step_losses_in_closed_form(batch):
    """--step-method midpoint: the fake sample is x_t - dt E(x_t - (dt/2) E(x_t, t_k), t_k - dt/2). With a linear
    critic the critic's value is lam <a, real - fake> / dt; E_psi's loss is -lam D(fake, t_k) / dt, plus the
    transport cost w |x_t - fake|^2 / dt and the pull w' (mse at t_k + mse at t_k - dt/2 on the path) / 2; its
    derivative in m matches a finite difference."""
    x0, x1, t = (v.double() for v in batch)
    a = torch.randn(3, dtype=torch.float64)
    E, D = LinearVelocity(dtype=torch.float64), LinearCritic(a)
    obj = DiscreteWGAN(LinearPath(), time_steps=2, lam="t", ot_weight=0.8, ot_decay="constant", fm_weight=0.3,
                       step_method="midpoint")
    t_k, t_prev = obj.grid_time(t)
    dt, path = 0.5, lambda s: (1 - s[:, None]) * x0 + s[:, None] * x1

    def expected_generator_loss(m):
        x_t, u = path(t_k), x1 - x0
        e1 = m * x_t + t_k[:, None] * E.b
        e2 = m * (x_t - dt / 2 * e1) + (t_k - dt / 2)[:, None] * E.b
        fake = x_t - dt * e2
        e_mid = m * path(t_k - dt / 2) + (t_k - dt / 2)[:, None] * E.b
        mse = ((t_k * (e1 - u).pow(2).sum(1)).mean() + ((t_k - dt / 2) * (e_mid - u).pow(2).sum(1)).mean()) / 2
        d_fake = t_k * ((fake * a).sum(1) + 0.3 * t_k) / dt
        return -d_fake.mean() + 0.8 * (x_t - fake).pow(2).sum(1).mean() / dt + 0.3 * mse, fake

    m = float(E.m.detach())
    want, fake = expected_generator_loss(m)
    loss, stats = obj.generator_loss(E, D, x0, x1, t)
    assert_close(loss, want)
    assert_close(obj.step(E, path(t_k), t_k), fake)
    (grad,) = torch.autograd.grad(loss, E.m)
    h = 1e-6
    assert_close(grad, (expected_generator_loss(m + h)[0] - expected_generator_loss(m - h)[0]) / (2 * h),
                 atol=1e-6, rtol=1e-6)
    _, stats = obj.critic_loss(E, D, x0, x1, t)
    assert_close(stats["value"], (t_k * ((path(t_prev) - fake) * a).sum(1) / dt).mean())
    with pytest.raises(ValueError, match="unknown step"):
        DiscreteWGAN(LinearPath(), step_method="rk4")


@pytest.mark.parametrize("K", [1, 2, 4])
def test_midpoint_sampler_is_the_training_step(K):
    """A --step-method midpoint run samples with K midpoint steps (NFE 2K) at t_k and t_k - dt/2, and
    torchdiffeq's midpoint solver takes exactly the objective's step; the rollout's input at t = dt is
    the sampler's state there."""
    method, steps = solver_for({"objective": "discrete", "time_steps": K, "step_method": "midpoint"})
    assert (method, steps) == ("midpoint", K)
    torch.manual_seed(6)
    E = VelocityMLP(dim=2, width=16, depth=2).double()
    seen = []

    def velocity(x, t):
        seen.append(float(t[0]))
        return E(x, t)

    x1 = torch.randn(7, 2, dtype=torch.float64)
    x0, nfe = sample(velocity, x1, method=method, steps=steps)
    assert nfe == 2 * K
    dt = 1 / K
    assert_close(torch.tensor(seen, dtype=torch.float64),
                 torch.tensor([t for k in range(K, 0, -1) for t in (k * dt, k * dt - dt / 2)], dtype=torch.float64))
    obj = DiscreteWGAN(LinearPath(), time_steps=K, step_method="midpoint", rollout=True)
    expected = x1
    with torch.no_grad():
        for k in range(K, 0, -1):
            expected = obj.step(E, expected, torch.full((7,), k * dt, dtype=torch.float64))
    assert_close(x0, expected)
    if K == 1:
        return  # the sampler's state at t = dt is x1 itself
    at_dt = torch.full((7,), dt, dtype=torch.float64)
    traj, _ = sample(E, x1, method=method, steps=K, times=torch.tensor([1.0, dt], dtype=torch.float64))
    assert_close(obj.sampler_state(E, x1, at_dt), traj[-1])


def test_midpoint_1d_run_samples_with_its_own_step(tmp_path, capsys):
    """train1d --step-method midpoint --time-steps 2: NFE 4 with no sampling flags, and evaluate.py
    picks the same solver from the checkpoint; a step the objective does not know is one error line."""
    out = tmp_path / "run"
    result = train1d.main([*TINY[:-4], "--objective", "discrete", "--time-steps", "2", "--step-method", "midpoint",
                           "--steps", "2", "--out", str(out)])
    assert result["nfe"] == 4 and result["solver"] == "midpoint 2"
    capsys.readouterr()
    evaluate.main([str(out), "--device", "cpu", "--n", "100"])
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["nfe"] == 4 and line["solver"] == "midpoint 2 steps"
    assert_usage_error(capsys, train1d.main, [*TINY, "--objective", "discrete", "--step-method", "rk4",
                                               "--out", tmp_path / "bad"], "--step-method")
    assert not (tmp_path / "bad").exists()


@pytest.mark.parametrize("K", [1, 3, 4])
def test_rollout_input_is_the_samplers_state(K):
    """--rollout: E_psi's input at t_k is what the K-step Euler sampler holds at t_k from the same x1
    (the sampler's own trajectory), and the real sample is still the path's x_{t_k - dt}. With K = 1
    the input is x1 itself, so the losses equal the path-fed ones."""
    torch.manual_seed(4)
    B = 12
    E, D = VelocityMLP(dim=2, width=16, depth=2), ScalarCriticMLP(dim=2, width=16, depth=2)
    x0, x1 = torch.randn(B, 2), torch.randn(B, 2)
    t = (torch.arange(B) % K + 0.5) / K  # every grid point
    obj = DiscreteWGAN(LinearPath(), time_steps=K, rollout=True)
    t_k, x_t, real = obj.points(E, x0, x1, t)
    traj = [x1]  # traj[K - j] = the sampler's state at t = j / K
    with torch.no_grad():
        for j in range(K, 0, -1):
            traj.append(traj[-1] - (1 / K) * E(traj[-1], torch.full((B,), j / K)))
    expected = torch.stack([traj[K - round(float(tk) * K)][i] for i, tk in enumerate(t_k)])
    assert_close(x_t, expected)
    assert_close(real, (1 - t_k + 1 / K)[:, None] * x0 + (t_k - 1 / K)[:, None] * x1)
    if K == 1:
        plain = DiscreteWGAN(LinearPath(), time_steps=1)
        for name in ("critic_loss", "generator_loss"):
            torch.manual_seed(5)
            loss_r, _ = getattr(obj, name)(E, D, x0, x1, t)
            torch.manual_seed(5)
            loss_p, _ = getattr(plain, name)(E, D, x0, x1, t)
            assert_close(loss_r, loss_p)


def test_predict_x0_gives_the_velocity_of_the_linear_path():
    """E_psi = (x_t - x0_hat) / t: with x0_hat = the true x0 it is x1 - x0 exactly; it rebuilds from its spec."""
    torch.manual_seed(4)
    spec = {"kind": "predict_x0", "spec": {"kind": "velocity_mlp", "dim": 2, "width": 8, "depth": 1, "time_dim": 4}}
    net = build_network(spec)
    assert isinstance(net, PredictX0)
    x0, x1, t = torch.randn(5, 2), torch.randn(5, 2), torch.rand(5) * 0.9 + 0.1
    x_t = (1 - t[:, None]) * x0 + t[:, None] * x1
    assert_close(net(x_t, t), (x_t - net.x0_hat(x_t, t)) / t[:, None])
    net.x0_hat = type("Oracle", (nn.Module,), {"forward": lambda self, x, tt: x0})()
    assert_close(net(x_t, t), x1 - x0)


def test_conv_critic_is_scalar_and_per_sample():
    """D_theta(x, t) of images: one number per sample, independent of the other samples in the batch
    (no normalisation across the batch, so the gradient penalty is per sample)."""
    torch.manual_seed(5)
    D = ScalarCriticConv(in_channels=1, image_size=28, dim=8)
    x, t = torch.randn(4, 1, 28, 28), torch.rand(4)
    out = D(x, t)
    assert out.shape == (4,)
    assert_close(D(x[:2], t[:2]), out[:2])


@pytest.mark.slow
def test_discrete_1d_run_evaluates_with_k_steps(tmp_path, capsys):
    """train1d --objective discrete writes its files, samples with K Euler steps (NFE K) with no extra
    flags, and evaluate.py picks the same solver from the checkpoint."""
    out = tmp_path / "run"
    flags = TINY[:-4]  # without its --ode-method / --ode-steps
    result = train1d.main([*flags, "--objective", "discrete", "--time-steps", "3", "--steps", "3", "--out", str(out)])
    assert result["nfe"] == 3 and result["solver"] == "euler 3"
    assert (out / "trajectories.png").stat().st_size > 0 and (out / "histogram.png").stat().st_size > 0
    capsys.readouterr()
    evaluate.main([str(out), "--device", "cpu", "--n", "200"])
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["nfe"] == 3 and line["solver"] == "euler 3 steps"
    # the histogram panel of tools/hist_1d.py scores the same samples as tools/few_step_1d.py
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools"))
    import few_step_1d
    import hist_1d
    png = tmp_path / "hist.png"
    (w1,) = hist_1d.main([f"{out}:tiny", "--out", str(png), "--n", "300"])
    assert png.stat().st_size > 0
    assert round(w1, 5) == few_step_1d.score(str(out), [3], 300)["euler_3"]


def test_discrete_1d_resume_continues(tmp_path):
    """--resume of a discrete run: the critic (a scalar MLP) and the step come back."""
    out = tmp_path / "run"
    train1d.main([*TINY, "--objective", "discrete", "--steps", "2", "--out", str(out)])
    result = train1d.main([*TINY, "--objective", "discrete", "--steps", "4", "--out", str(out), "--resume"])
    assert result["steps"] == 4


@pytest.mark.slow
def test_discrete_images_two_steps(tmp_path, capsys):
    """train_images_simple.py --objective discrete (conv critic, x0 prediction) runs, writes grids from
    K Euler steps, and its updates alternate (no joint losses)."""
    data = tmp_path / "fmnist"
    data.mkdir()
    write_idx(data / "train-images-idx3-ubyte", torch.randint(0, 256, (16, 28, 28), dtype=torch.uint8).numpy())
    out = tmp_path / "run"
    flags = [f for i, f in enumerate(IMAGES) if not {IMAGES[i - 1] if i else "", f} & {"--grid-ode-method", "--grid-ode-steps"}]
    result = run_images([*flags, "--data-dir", data, "--objective", "discrete", "--time-steps", "2", "--predict", "x0",
                         "--steps", "2", "--n-critic", "1", "--out", out])
    assert result["steps"] == 2 and (out / "samples_ema_0000002.png").stat().st_size > 0
    config = json.loads((out / "config.json").read_text())
    assert config["simultaneous"] is False and config["objective"] == "discrete"


def test_discrete_needs_the_linear_path(capsys, tmp_path):
    assert_usage_error(capsys, train1d.main, [*TINY, "--objective", "discrete", "--path", "learned",
                                               "--out", tmp_path / "run"], "linear path")
    assert not (tmp_path / "run").exists()


@pytest.mark.slow
def test_discrete_under_torchrun(tmp_path):
    """torchrun --nproc_per_node 2 train1d.py --objective discrete: the same loop on 2 gloo processes,
    exit 0, one final line from rank 0, sampled with K Euler steps."""
    import os
    import subprocess
    import sys

    from test_distributed import ROOT, free_port
    out = tmp_path / "run"
    proc = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2",
                           "--master_port", str(free_port()), "train1d.py", *TINY[:-4], "--objective", "discrete",
                           "--time-steps", "2", "--n-critic", "1", "--batch-size", "8", "--steps", "2", "--out", str(out)],
                          cwd=ROOT, env={**os.environ, "OMP_NUM_THREADS": "1"}, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    finals = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert len(finals) == 1 and finals[0]["nfe"] == 2 and finals[0]["steps"] == 2


def test_discrete_refuses_critic_reuse(capsys, tmp_path):
    assert_usage_error(capsys, train1d.main, [*TINY, "--objective", "discrete", "--critic-reuse",
                                               "--out", tmp_path / "run"], "--critic-reuse")
    assert not (tmp_path / "run").exists()
