import pytest
import torch
from torch import nn
from torch.testing import assert_close

from losses import FM_WEIGHT_NEEDS, ContinuousWGAN, Distillation, FlowMatching
from models import CriticMLP, InterpolantMLP, ScalarCriticMLP, VelocityMLP, bound_norm
from paths import LearnedPath, LinearPath


class FakeCritic(nn.Module):
    """A critic whose raw output is a learnable per-sample tensor, whatever its input."""

    def __init__(self, raw):
        super().__init__()
        self.r = nn.Parameter(raw.clone())

    def raw(self, x, t):
        return self.r.clone()

    def forward(self, x, t):
        return bound_norm(self.raw(x, t))


class FakeVelocity(nn.Module):
    """E_psi whose output is a learnable per-sample tensor, whatever its input."""

    def __init__(self, E):
        super().__init__()
        self.e = nn.Parameter(E.clone())

    def forward(self, x, t):
        return self.e.clone()  # an op, so torch.no_grad() in the objective detaches it as for a real net


@pytest.fixture
def batch():
    torch.manual_seed(0)
    B, dim = 4, 2
    return (torch.randn(B, dim), torch.randn(B, dim), torch.rand(B),
            FakeCritic(torch.randn(B, dim)), FakeVelocity(torch.randn(B, dim)))


def _dot(a, b):
    return (a * b).sum(dim=1)


def test_value_by_hand():
    """ContinuousWGAN.value = lam * <s, E - dxdt> per sample, on numbers computed by hand."""
    s = torch.tensor([[1.0, 2.0], [3.0, -1.0]])
    E = torch.tensor([[0.5, 0.5], [1.0, 1.0]])
    dxdt = torch.tensor([[1.0, 0.0], [0.0, 2.0]])
    lam = torch.tensor([2.0, 0.5])
    # E - dxdt = [[-0.5, 0.5], [1, -1]]; <s, .> = [0.5, 4]; times lam = [1, 2]
    assert_close(ContinuousWGAN.value(s, E, dxdt, lam), torch.tensor([1.0, 2.0]))


def test_critic_loss_by_hand_and_ascends(batch):
    """critic_loss (alpha=0) = -mean lam <bound(raw), E - (x1 - x0)>; its gradient step raises the value; E gets no gradient."""
    x0, x1, t, critic, E = batch
    obj = ContinuousWGAN(LinearPath(), lam="t", critic_reg=0.0)

    def value(raw):
        return (t * _dot(bound_norm(raw), E.e.detach() - (x1 - x0))).mean()

    loss, stats = obj.critic_loss(E, critic, x0, x1, t)
    assert_close(loss, -value(critic.r.detach()))
    assert_close(stats["value"], value(critic.r.detach()))
    loss.backward()
    assert E.e.grad is None
    assert critic.r.grad.abs().sum() > 0
    assert value(critic.r.detach() - 1e-2 * critic.r.grad) > value(critic.r.detach())


def test_generator_loss_gradient_is_critic_direction(batch):
    """generator_loss (linear path): d loss / d E = lam * s / B with s the bounded critic output; the critic gets no gradient."""
    x0, x1, t, critic, E = batch
    obj = ContinuousWGAN(LinearPath(), lam="t", critic_reg=1.0)
    loss, _ = obj.generator_loss(E, critic, x0, x1, t)
    s = bound_norm(critic.r.detach())
    assert_close(loss, (t * _dot(s, E.e.detach() - (x1 - x0))).mean())
    loss.backward()
    assert_close(E.e.grad, t[:, None] * s / len(t))
    assert critic.r.grad is None


def test_learned_path_variance_objective_keeps_E_adversarial(batch):
    """Learned path, f_objective='variance': E_psi's gradient is still only lam * s / B; F_phi gets a gradient."""
    x0, x1, t, critic, E = batch
    F = InterpolantMLP(dim=2, width=8, depth=1, time_dim=4)
    obj = ContinuousWGAN(LearnedPath(F), lam="t", f_objective="variance")
    loss, _ = obj.generator_loss(E, critic, x0, x1, t)
    loss.backward()
    assert_close(E.e.grad, t[:, None] * bound_norm(critic.r.detach()) / len(t))
    assert all(p.grad is not None and p.grad.abs().sum() > 0 for p in F.parameters())


def test_variance_objective_is_F_phis_only_signal():
    """f_objective='variance': F_phi's gradient is exactly that of E lam |E_psi(x_t, t) - dxdt|^2 (E_psi fixed)."""
    torch.manual_seed(1)
    x0, x1, t = torch.randn(6, 2), torch.randn(6, 2), torch.rand(6)
    F = InterpolantMLP(dim=2, width=8, depth=1, time_dim=4)
    E, critic = VelocityMLP(dim=2, width=8, depth=1, time_dim=4), CriticMLP(dim=2, width=8, depth=1, time_dim=4)
    path = LearnedPath(F)
    loss, _ = ContinuousWGAN(path, lam="t", f_objective="variance").generator_loss(E, critic, x0, x1, t)
    got = torch.autograd.grad(loss, list(F.parameters()))
    x_t, dxdt = path(x0, x1, t)
    variance = (t * (E(x_t, t) - dxdt).pow(2).sum(dim=1)).mean()
    want = torch.autograd.grad(variance, list(F.parameters()))
    for g, w in zip(got, want):
        assert_close(g, w)


@pytest.mark.parametrize("learned", [False, True])
def test_joint_losses_match_separate_losses(learned):
    """joint_losses (--simultaneous) = critic_loss and generator_loss on the same batch: equal values
    and equal gradients for the critic, E_psi and F_phi; each loss reaches only its own player."""
    torch.manual_seed(2)
    x0, x1, t = torch.randn(6, 2), torch.randn(6, 2), torch.rand(6)
    E, critic = VelocityMLP(dim=2, width=8, depth=1, time_dim=4), CriticMLP(dim=2, width=8, depth=1, time_dim=4)
    F = InterpolantMLP(dim=2, width=8, depth=1, time_dim=4) if learned else None
    obj = ContinuousWGAN(LearnedPath(F) if learned else LinearPath(), lam="one_minus_t", critic_reg=0.7,
                         raw_penalty=0.1, f_reg=0.3)
    gen = list(E.parameters()) + (list(F.parameters()) if learned else [])
    crit = list(critic.parameters())
    loss_c, stats_c, loss_g, stats_g = obj.joint_losses(E, critic, x0, x1, t)
    want_c, want_stats_c = obj.critic_loss(E, critic, x0, x1, t)
    want_g, want_stats_g = obj.generator_loss(E, critic, x0, x1, t)
    assert_close(loss_c, want_c)
    assert_close(loss_g, want_g)
    assert_close(stats_c["value"], want_stats_c["value"])
    assert_close(stats_g["value"], want_stats_g["value"])
    for got, want in ((torch.autograd.grad(loss_c, crit, retain_graph=True), torch.autograd.grad(want_c, crit)),
                      (torch.autograd.grad(loss_g, gen, retain_graph=True), torch.autograd.grad(want_g, gen))):
        for g, w in zip(got, want):
            assert_close(g, w)
    assert all(g is None for g in torch.autograd.grad(loss_c, gen, allow_unused=True, retain_graph=True))
    assert all(g is None for g in torch.autograd.grad(loss_g, crit, allow_unused=True))


def test_joint_losses_refuse_adversarial_F_objective():
    F = InterpolantMLP(dim=2, width=8, depth=1, time_dim=4)
    obj = ContinuousWGAN(LearnedPath(F), f_objective="adversarial")
    E, critic = VelocityMLP(dim=2, width=8, depth=1, time_dim=4), CriticMLP(dim=2, width=8, depth=1, time_dim=4)
    with pytest.raises(ValueError, match="simultaneous"):
        obj.joint_losses(E, critic, torch.randn(3, 2), torch.randn(3, 2), torch.rand(3))


@pytest.mark.parametrize("d, alpha", [(0.3, 1.0), (-0.2, 0.5), (1.5, 1.0), (-0.9, 0.5)])
def test_huber_equilibrium(d, alpha):
    """Regularised critic (alpha) on a fixed error d = E - v: optimum s* = d / alpha if |d| < alpha, else s* -> sign(d)."""
    x0, x1, t = torch.zeros(1, 1), torch.ones(1, 1), torch.full((1,), 0.5)  # dxdt = 1, deterministic
    E, critic = FakeVelocity(torch.full((1, 1), 1.0 + d)), FakeCritic(torch.zeros(1, 1))
    obj = ContinuousWGAN(LinearPath(), critic_reg=alpha)
    opt = torch.optim.SGD(critic.parameters(), lr=1.0)
    for _ in range(300):
        loss, _ = obj.critic_loss(E, critic, x0, x1, t)
        opt.zero_grad()
        loss.backward()
        opt.step()
    s = critic(x0, t).item()
    if abs(d) < alpha:
        assert_close(s, d / alpha, rtol=0, atol=1e-4)
    else:
        assert s * (1 if d > 0 else -1) > 0.99


def test_lambda_weightings_vanish_at_their_zero():
    """lam='one_minus_t' gives value 0 at t=1 and lam='t' at t=0, where lam='one' does not."""
    torch.manual_seed(0)
    E, critic = VelocityMLP(dim=2, width=16, depth=2), CriticMLP(dim=2, width=16, depth=2)
    x0, x1 = torch.randn(8, 2), torch.randn(8, 2)
    for lam, t_zero in [("one_minus_t", 1.0), ("t", 0.0)]:
        t = torch.full((8,), t_zero)
        for name in (lam, "one"):
            obj = ContinuousWGAN(LinearPath(), lam=name)
            g, _ = obj.generator_loss(E, critic, x0, x1, t)
            _, stats = obj.critic_loss(E, critic, x0, x1, t)
            if name == lam:
                assert g.item() == 0 and stats["value"].item() == 0
            else:
                assert g.abs() > 1e-6 and stats["value"].abs() > 1e-6


def test_flow_matching_loss_by_hand():
    """FlowMatching.generator_loss = mean |E(x_t, t) - (x1 - x0)|^2 with x_t = (1 - t) x0 + t x1."""
    torch.manual_seed(0)
    E = VelocityMLP(dim=2, width=16, depth=2)
    x0, x1, t = torch.randn(8, 2), torch.randn(8, 2), torch.rand(8)
    loss, stats = FlowMatching(LinearPath()).generator_loss(E, None, x0, x1, t)
    x_t = (1 - t[:, None]) * x0 + t[:, None] * x1
    expected = (E(x_t, t) - (x1 - x0)).pow(2).sum(dim=1).mean()
    assert_close(loss, expected)
    assert_close(stats["mse"], expected.detach())


@pytest.mark.parametrize("form", ["free", "grad"])
@pytest.mark.parametrize("learned", [False, True])
def test_fm_weight_adds_flow_matchings_loss(form, learned):
    """fm_weight w: E_psi's loss is the critic's plus w E lam |E_psi(x_t, t) - dx_t/dt|^2 on the same batch (on the
    linear path, w * FlowMatching's loss itself), in value and in every gradient, alone and in joint_losses;
    the critic's loss does not change and gets no gradient from it."""
    torch.manual_seed(3)
    x0, x1, t = torch.randn(6, 2), torch.randn(6, 2), torch.rand(6)
    E = VelocityMLP(dim=2, width=8, depth=1, time_dim=4)
    F = InterpolantMLP(dim=2, width=8, depth=1, time_dim=4)
    critic = (ScalarCriticMLP if form == "grad" else CriticMLP)(dim=2, width=8, depth=1, time_dim=4)
    path = LearnedPath(F) if learned else LinearPath()
    kw = dict(lam="one_minus_t", critic_reg=0.7, critic_form=form)
    plain, mixed = ContinuousWGAN(path, **kw), ContinuousWGAN(path, fm_weight=0.3, **kw)
    base, _ = plain.generator_loss(E, critic, x0, x1, t)
    got, stats = mixed.generator_loss(E, critic, x0, x1, t)
    x_t, dxdt = (z.detach() for z in path(x0, x1, t))
    mse = ((1 - t) * (E(x_t, t) - dxdt).pow(2).sum(dim=1)).mean()
    if not learned:
        assert_close(mse, FlowMatching(path, lam="one_minus_t").generator_loss(E, None, x0, x1, t)[0])
    assert_close(got, base + 0.3 * mse)
    assert_close(stats["mse"], mse.detach())
    gen = list(E.parameters()) + list(F.parameters())
    want = torch.autograd.grad(base + 0.3 * mse, gen, allow_unused=True)
    for g, w in zip(torch.autograd.grad(got, gen, allow_unused=True), want):
        assert (g is None) == (w is None)
        if g is not None:
            assert_close(g, w)
    loss_c, _, loss_g, stats_g = mixed.joint_losses(E, critic, x0, x1, t)
    assert_close(loss_g, got)
    assert_close(stats_g["mse"], mse.detach())
    assert_close(loss_c, plain.critic_loss(E, critic, x0, x1, t)[0])
    assert all(g is None for g in torch.autograd.grad(loss_g, list(critic.parameters()), allow_unused=True))


def test_fm_weight_balances_the_critic_at_its_optimum(batch):
    """With the critic at its optimum s = (E - u) / alpha (deterministic u, inside the bound), E_psi's gradient from
    the critic is lam (E - u) / (alpha B), and from fm_weight = 1 / (2 alpha) the same again."""
    x0, x1, t, _, E = batch
    alpha = 10.0
    u = x1 - x0
    err = E.e.detach() - u
    critic = FakeCritic(torch.atanh((err / alpha).norm(dim=1, keepdim=True)) * err / err.norm(dim=1, keepdim=True))
    s = bound_norm(critic.r.detach())
    assert_close(s, err / alpha)  # the critic's optimum (test_huber_equilibrium)
    obj = ContinuousWGAN(LinearPath(), lam="t", critic_reg=alpha, fm_weight=1 / (2 * alpha))
    loss, _ = obj.generator_loss(E, critic, x0, x1, t)
    loss.backward()
    assert_close(E.e.grad, 2 * t[:, None] * s / len(t))


def test_fm_weight_refuses_the_adversarial_F_objective():
    with pytest.raises(ValueError, match="--fm-weight"):
        ContinuousWGAN(LearnedPath(InterpolantMLP(dim=2, width=8, depth=1, time_dim=4)), f_objective="adversarial",
                       fm_weight=0.1)
    assert "--fm-weight" in FM_WEIGHT_NEEDS


def test_unknown_options_raise():
    """Unknown lambda(t) (both objectives) or F_phi objective raises ValueError."""
    with pytest.raises(ValueError, match="lambda"):
        ContinuousWGAN(LinearPath(), lam="sqrt_t")
    with pytest.raises(ValueError, match="lambda"):
        FlowMatching(LinearPath(), lam="sqrt_t")
    with pytest.raises(ValueError, match="F_phi"):
        ContinuousWGAN(LinearPath(), f_objective="minimax")


def test_batch_step_draws_one_grid_step_per_batch_uniformly():
    """_StepGrid.grid_time: per sample, k = ceil(t K); with batch_step (--step-experts) every sample of a batch
    takes the first one's k, so each batch meets one expert, and the step is still uniform over 1..K across batches."""
    obj = Distillation(LinearPath(), time_steps=4)
    t = torch.tensor([0.1, 0.3, 0.6, 0.9, 1.0])
    assert torch.equal(obj.grid_time(t)[0], torch.tensor([0.25, 0.5, 0.75, 1.0, 1.0]))
    obj.batch_step = True
    t_k, t_prev = obj.grid_time(t)
    assert torch.equal(t_k, torch.full((5,), 0.25)) and torch.equal(t_prev, torch.zeros(5))
    torch.manual_seed(0)
    firsts = torch.stack([obj.grid_time(torch.rand(8))[0] for _ in range(4000)])
    assert (firsts == firsts[:, :1]).all()
    counts = torch.bincount((firsts[:, 0] * 4).round().long() - 1, minlength=4)
    assert (counts - 1000).abs().max() < 4 * 1000 ** 0.5 * (3 / 4) ** 0.5, counts  # binomial(4000, 1/4): 4 sigma
