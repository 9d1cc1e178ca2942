"""--time-shift S: the few-step objectives' K-step grid t_k = S u / (1 + (S - 1) u), u = k / K (paths.shift_time), and
the samplers on it (--ode-shift). Closed forms of the map, of the grid, of the losses with a step length per sample,
the sampler taking exactly the objective's steps, the experts' routing, and the scripts end to end."""

import json

import pytest
import torch
from torch.testing import assert_close

import evaluate
import train1d
from losses import DiscreteWGAN, Distillation, TeacherStep
from models import StepExperts, VelocityMLP
from paths import LinearPath, shift_time, unshift_time
from sampling import sample, shift_for
from test_bad_input import TINY, assert_usage_error
from test_discrete import ConstVelocity, LinearCritic
from test_distill import Linear

SHIFTS = [0.5, 2.0, 3.0]


def grid(K, s):
    """The K-step grid's times t_K = 1 > ... > t_0 = 0 in float64, from the closed form."""
    return [s * (k / K) / (1 + (s - 1) * (k / K)) for k in range(K, -1, -1)]


def test_shift_maps_the_unit_interval_onto_itself_and_inverts():
    u = torch.linspace(0, 1, 101, dtype=torch.float64)
    assert shift_time(u, 1.0) is u and unshift_time(u, 1.0) is u  # the uniform grid, bit for bit
    for s in SHIFTS:
        t = shift_time(u, s)
        assert float(t[0]) == 0 and float(t[-1]) == 1 and bool((t.diff() > 0).all())
        assert_close(unshift_time(t, s), u)
        assert bool((t[1:-1] > u[1:-1]).all()) == (s > 1)  # s > 1: every grid time nearer the noise
    assert shift_time(0.5, 2.0) == pytest.approx(2 / 3)


@pytest.mark.parametrize("s", SHIFTS)
def test_grid_times_and_step_lengths(s):
    """grid_time draws the K grid steps uniformly, each (t_k, t_{k-1}) on the shifted grid, and dt_at(t_k) is the
    length t_k - t_{k-1} of the step that ends there."""
    K = 4
    obj = DiscreteWGAN(LinearPath(), time_steps=K, shift=s)
    t_k, t_prev = obj.grid_time(torch.rand(40_000, dtype=torch.float64))
    times = grid(K, s)
    assert sorted(set(t_k.tolist())) == pytest.approx(sorted(times[:-1]))
    for k in range(1, K + 1):
        at = t_k == torch.tensor(times[K - k], dtype=torch.float64)
        assert abs(float(at.double().mean()) - 1 / K) < 0.01
        assert_close(t_prev[at], torch.full_like(t_prev[at], times[K - k + 1]))
    assert_close(obj.dt_at(t_k), t_k - t_prev)
    assert DiscreteWGAN(LinearPath(), time_steps=K).dt_at(t_k) == 1 / K  # the uniform grid keeps the float 1 / K
    with pytest.raises(ValueError, match="time shift"):
        DiscreteWGAN(LinearPath(), shift=0.0)


@pytest.mark.parametrize("method", ["euler", "midpoint"])
@pytest.mark.parametrize("K", [1, 3, 4])
def test_sampler_takes_the_objectives_steps_on_the_shifted_grid(K, method):
    """sample(..., shift=s) with K fixed steps evaluates at the shifted grid's times (and the midpoints between
    them), NFE K or 2K, and lands where the objective's own K steps do; the rollout's state at t_k is the sampler's
    trajectory there."""
    s = 2.0
    torch.manual_seed(6)
    E = VelocityMLP(dim=2, width=16, depth=2).double()
    seen = []

    def velocity(x, t):
        seen.append(float(t[0]))
        return E(x, t)

    x1 = torch.randn(7, 2, dtype=torch.float64)
    x0, nfe = sample(velocity, x1, method=method, steps=K, shift=s)
    times = grid(K, s)
    expected_times = [t for a, b in zip(times, times[1:]) for t in ((a,) if method == "euler" else (a, (a + b) / 2))]
    assert nfe == len(expected_times) and seen == pytest.approx(expected_times)
    obj = DiscreteWGAN(LinearPath(), time_steps=K, step_method=method, rollout=True, shift=s)
    x = x1
    with torch.no_grad():
        for t in times[:-1]:
            x = obj.step(E, x, torch.full((7,), t, dtype=torch.float64))
    assert_close(x0, x)
    if K > 1:
        at = torch.full((7,), times[-2], dtype=torch.float64)  # t_1, the last step's start
        traj, _ = sample(E, x1, method=method, steps=K, times=torch.tensor([1.0, times[-2]], dtype=torch.float64),
                         shift=s)
        assert_close(obj.sampler_state(E, x1, at), traj[-1])


@pytest.mark.parametrize("s", [1.0, 2.0])
def test_distillation_loss_in_closed_form_with_a_step_length_per_sample(s):
    """Student E = b x, teacher E = a x (one midpoint step), Euler student: each sample's term is
    |x_t (g - m)|^2 / dt^2 with its own step's dt = t_k - t_{k-1}, g = 1 - dt b, m = 1 - a dt + (a dt)^2 / 2."""
    torch.manual_seed(0)
    x0, x1, t = torch.randn(6, 3).double(), torch.randn(6, 3).double(), torch.rand(6).double()
    K, a, b = 4, 0.9, 0.3
    obj = Distillation(LinearPath(), time_steps=K, shift=s)
    obj.teacher = TeacherStep(Linear(a, torch.zeros(3)), 1)
    loss, _ = obj.generator_loss(Linear(b, torch.zeros(3)).double(), None, x0, x1, t)
    t_k, t_prev = obj.grid_time(t)
    dt = (t_k - t_prev)[:, None]
    x_t = (1 - t_k[:, None]) * x0 + t_k[:, None] * x1
    g, m = 1 - dt * b, 1 - a * dt + (a * dt) ** 2 / 2
    assert_close(loss, ((x_t * (g - m)) ** 2 / dt ** 2).sum(1).mean())


@pytest.mark.parametrize("s", SHIFTS)
def test_discrete_losses_in_closed_form_on_the_shifted_grid(s):
    """With D = <a, x> + c t the critic's value is lam <a, E - (x1 - x0)> whatever each step's length (the bracket
    over dt_k); E_psi's loss is -lam D(x_t - dt_k E, t_k) / dt_k + w dt_k |E|^2, per sample."""
    torch.manual_seed(2)
    x0, x1, t = torch.randn(6, 3), torch.randn(6, 3), torch.rand(6)
    a, E = torch.randn(3), ConstVelocity(torch.randn(6, 3))
    obj = DiscreteWGAN(LinearPath(), time_steps=3, lam="t", critic_reg=0.7, ot_weight=0.8, ot_decay="constant",
                       shift=s)
    _, stats = obj.critic_loss(E, LinearCritic(a), x0, x1, t)
    t_k, t_prev = obj.grid_time(t)
    e = E.e.detach()
    assert_close(stats["value"], (t_k * ((e - (x1 - x0)) * a).sum(1)).mean())
    loss, _ = obj.generator_loss(E, LinearCritic(a), x0, x1, t)
    dt = t_k - t_prev
    x_t = (1 - t_k[:, None]) * x0 + t_k[:, None] * x1
    d_fake = ((x_t - dt[:, None] * e) * a).sum(1) + 0.3 * t_k
    assert_close(loss, (-t_k * d_fake / dt).mean() + 0.8 * (dt * e.pow(2).sum(1)).mean())


def test_step_experts_route_by_the_shifted_grid():
    """On the grid of shift s, expert k - 1 takes the step (t_{k-1}, t_k]: its end t_k and the midpoint inside it."""
    K, s = 4, 2.0
    experts = StepExperts({"kind": "velocity_mlp", "dim": 1, "width": 4, "depth": 1}, K, shift=s)
    times = grid(K, s)[::-1]  # t_0 = 0 ... t_K = 1
    ends = torch.tensor(times[1:])
    mids = (torch.tensor(times[1:]) + torch.tensor(times[:-1])) / 2
    assert experts.expert_of(ends).tolist() == [0, 1, 2, 3]
    assert experts.expert_of(mids).tolist() == [0, 1, 2, 3]
    spec = {"kind": "velocity_mlp", "dim": 1, "width": 4, "depth": 1}
    assert StepExperts(spec, K).expert_of(mids).tolist() != [0, 1, 2, 3]  # the uniform grid's routing differs here


def test_1d_run_trains_and_samples_on_its_shifted_grid(tmp_path, capsys):
    """train1d --objective discrete --time-shift 2: the config records the shift, the final W1 is taken on the run's
    own shifted grid and evaluate.py picks it from the checkpoint (--ode-shift overrides it); the flag is refused for
    objectives without a grid and for values <= 0, and a few-step parent on a shifted grid teaches no student, one
    error line each and no folder."""
    out = tmp_path / "run"
    result = train1d.main([*TINY[:-4], "--objective", "discrete", "--time-steps", "3", "--time-shift", "2",
                           "--steps", "2", "--out", str(out)])
    assert result["solver"] == "euler 3 shift 2" and result["nfe"] == 3
    assert json.loads((out / "config.json").read_text())["time_shift"] == 2.0
    assert shift_for({"objective": "discrete", "time_shift": 2.0}) == 2.0
    assert shift_for({"objective": "fm", "time_shift": 2.0}) == 1.0 and shift_for({"objective": "fm"}, 1.5) == 1.5
    capsys.readouterr()
    evaluate.main([str(out), "--device", "cpu", "--n", "100"])
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["solver"] == "euler 3 steps shift 2"
    evaluate.main([str(out), "--device", "cpu", "--n", "100", "--ode-shift", "1"])
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["solver"] == "euler 3 steps"
    assert_usage_error(capsys, train1d.main, [*TINY, "--objective", "distill", "--time-steps", "3", "--init-from", out,
                                               "--out", tmp_path / "pd"], "uniform grid only")  # no progressive step
    assert_usage_error(capsys, train1d.main, [*TINY, "--time-shift", "2", "--out", tmp_path / "fm"], "--time-shift")
    assert_usage_error(capsys, train1d.main, [*TINY, "--objective", "discrete", "--time-shift", "0",
                                               "--out", tmp_path / "zero"], "--time-shift")
    assert not any((tmp_path / d).exists() for d in ("pd", "fm", "zero"))
