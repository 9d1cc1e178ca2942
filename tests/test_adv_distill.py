"""--objective adv_distill (losses.AdversarialDistillation): its sample is the K-step sampler's, its critic with
K = 1 is WGAN-GP's, its generator's loss is the distillation loss minus w times the critic on the sample with
the gradient through the last M steps, its joint update equals the separate ones, the critic on the teacher's
features (--adv-critic teacher) reads UNet.features of the re-noised images, and bad flags are refused."""

import pytest
import torch
from torch import nn
from torch.testing import assert_close

import train1d
from losses import WGANGP, AdversarialDistillation, Distillation, TeacherStep
from models import FeatureCritic, PredictX0, ScalarCriticMLP, UNet, VelocityMLP, feature_channels
from paths import LinearPath
from sampling import sample
from test_bad_input import TINY, assert_usage_error


@pytest.fixture
def nets():
    torch.manual_seed(0)
    return (VelocityMLP(dim=3, width=16, depth=2), VelocityMLP(dim=3, width=16, depth=2),
            ScalarCriticMLP(dim=3, width=16, depth=2))


@pytest.fixture
def batch():
    torch.manual_seed(1)
    return torch.randn(8, 3), torch.randn(8, 3), torch.rand(8)


@pytest.mark.parametrize("step_method", ["euler", "midpoint"])
def test_sample_is_the_runs_own_k_step_sampler(step_method, nets, batch):
    """sample(E, x1) is what evaluation draws for the run: K steps of its --step-method from t = 1 to 0."""
    E, _, _ = nets
    x1 = batch[1]
    obj = AdversarialDistillation(LinearPath(), time_steps=4, step_method=step_method)
    with torch.no_grad():
        assert_close(obj.sample(E, x1), sample(E, x1, method=step_method, steps=4)[0])


def test_k1_critic_is_wgan_gp(nets, batch):
    """K = 1, --penalty gp: the critic's loss equals WGAN-GP's for G(z) = z - E(z, 1) and D'(x) = D(x, 0), value and
    gradient, for the same noise and penalty points."""
    E, _, D = nets
    x0, _, t = batch

    class G(nn.Module):
        z_dim = 3

        def forward(self, z):
            return z - E(z, torch.ones(z.shape[0]))

    class Dx(nn.Module):
        def forward(self, x):
            return D(x, torch.zeros(x.shape[0]))

    obj = AdversarialDistillation(LinearPath(), time_steps=1, penalty="gp", gp=10.0)
    torch.manual_seed(2)
    x1 = torch.randn(8, 3)  # WGAN-GP draws z first, then eps: the same stream
    loss_a, stats = obj.critic_loss(E, D, x0, x1, t)
    torch.manual_seed(2)
    loss_w, _ = WGANGP(gp=10.0).critic_loss(G(), Dx(), x0, None, None)
    assert_close(loss_a, loss_w)
    for a, b in zip(torch.autograd.grad(loss_a, list(D.parameters())), torch.autograd.grad(loss_w, list(D.parameters()))):
        assert_close(a, b)
    assert_close(stats["value"], (D(x0, torch.zeros(8)) - Dx()(G()(x1))).mean().detach())


def _chain_by_hand(E, x1, K, m):
    """K Euler steps from x1, the first K - m of them without a graph."""
    x = x1
    for j in range(K, 0, -1):
        t_j = torch.full((x1.shape[0],), j / K)
        if j > m:
            with torch.no_grad():
                x = x - E(x, t_j) / K
        else:
            x = x - E(x, t_j) / K
    return x


def test_generator_loss_is_distillation_minus_w_critic_through_the_last_m_steps(nets, batch):
    """Generator: Distillation's loss minus w E D(sample, 0), value and gradient, with the critic's gradient
    reaching E through the last M steps only (M = 1 and M = K give different gradients) and never D."""
    E, parent, D = nets
    x0, x1, t = batch
    K, w = 4, 0.7
    teacher = TeacherStep(parent.requires_grad_(False))
    plain = Distillation(LinearPath(), time_steps=K)
    plain.teacher = teacher
    params = list(E.parameters())
    grads = {}
    for m in (1, K):
        obj = AdversarialDistillation(LinearPath(), time_steps=K, adv_weight=w, backprop_steps=m)
        obj.teacher = teacher
        loss, stats = obj.generator_loss(E, D, x0, x1, t)
        distill, _ = plain.generator_loss(E, None, x0, x1, t)
        d_fake = D(_chain_by_hand(E, x1, K, m), torch.zeros(8)).mean()
        expected = distill - w * d_fake
        assert_close(loss, expected)
        assert_close(stats["d_fake"], d_fake.detach())
        grads[m] = torch.autograd.grad(loss, params, retain_graph=True)
        for a, b in zip(grads[m], torch.autograd.grad(expected, params)):
            assert_close(a, b)
        assert all(g is None for g in torch.autograd.grad(loss, list(D.parameters()), allow_unused=True))
    assert max((a - b).abs().max() for a, b in zip(grads[1], grads[K])) > 1e-4


def test_joint_losses_equal_the_separate_losses(nets, batch):
    """--simultaneous: one sample for both players gives the critic's and the generator's losses and gradients of
    the separate calls (same noise and penalty points), and the generator's reaches no critic weight."""
    E, parent, D = nets
    x0, x1, t = batch
    obj = AdversarialDistillation(LinearPath(), time_steps=4, penalty="gp", adv_weight=2.0, backprop_steps=2)
    obj.teacher = TeacherStep(parent.requires_grad_(False))
    torch.manual_seed(3)
    loss_c, _, loss_g, _ = obj.joint_losses(E, D, x0, x1, t)
    torch.manual_seed(3)
    sep_c, _ = obj.critic_loss(E, D, x0, x1, t)
    sep_g, _ = obj.generator_loss(E, D, x0, x1, t)
    assert_close(loss_c, sep_c)
    assert_close(loss_g, sep_g)
    for a, b in zip(torch.autograd.grad(loss_c, list(D.parameters()), retain_graph=True),
                    torch.autograd.grad(sep_c, list(D.parameters()))):
        assert_close(a, b)
    for a, b in zip(torch.autograd.grad(loss_g, list(E.parameters()), retain_graph=True),
                    torch.autograd.grad(sep_g, list(E.parameters()))):
        assert_close(a, b)
    assert all(g is None for g in torch.autograd.grad(loss_g, list(D.parameters()), allow_unused=True))


def test_bad_flags_are_refused(tmp_path, capsys):
    """No parent, --adv-backprop-steps outside 1..K, --critic-reuse: one line, exit 2, nothing written."""
    flags = [*TINY, "--objective", "adv_distill", "--out", tmp_path / "a"]
    assert_usage_error(capsys, train1d.main, flags, "--init-from")
    train1d.main([*TINY, "--objective", "fm", "--steps", "2", "--out", str(tmp_path / "fm")])
    parent = ["--init-from", str(tmp_path / "fm")]
    assert_usage_error(capsys, train1d.main, [*flags, *parent, "--adv-backprop-steps", "5"], "--adv-backprop-steps")
    assert_usage_error(capsys, train1d.main, [*flags, *parent, "--critic-reuse"], "--critic-reuse")
    assert not (tmp_path / "a").exists()


def _small_unet(seed):
    """A 2-level UNet on 1x8x8 images with its zero-initialised layers perturbed, so that every map depends on x."""
    torch.manual_seed(seed)
    net = UNet(in_channels=1, image_size=8, model_channels=8, channel_mult=(1, 2), num_res_blocks=1,
               attention_resolutions=(4,), head_channels=8)
    with torch.no_grad():
        for p in net.parameters():
            p.add_(0.1 * torch.randn_like(p))
    return net


def test_unet_features_are_the_decoders_maps():
    """UNet.features: the middle block's output, then the last up block of each level (forward hooks), with
    feature_channels' channels; forward is the output layer on the last of them; PredictX0 passes them through."""
    net = _small_unet(0)
    x, t = torch.randn(3, 1, 8, 8), torch.rand(3)
    caught = {}
    ends = [net.mid[-1], net.up[1], net.up[4]]  # up: level 1's 2 blocks, its Upsample, level 0's 2 blocks
    for i, m in enumerate(ends):
        m.register_forward_hook(lambda mod, inp, out, i=i: caught.__setitem__(i, out))
    out = net(x, t)
    feats = net.features(x, t)
    assert [f.shape[1:] for f in feats] == [(c, s, s) for c, s in zip(feature_channels(8, (1, 2)), (4, 4, 8))]
    for i, f in enumerate(feats):
        assert_close(f, caught[i])
    assert_close(out, net.out(feats[-1]))
    wrapped = PredictX0({"kind": "unet", "in_channels": 1, "image_size": 8, "model_channels": 8, "channel_mult": [1, 2],
                         "num_res_blocks": 1, "attention_resolutions": []})
    assert_close(wrapped.features(x, t)[0], wrapped.x0_hat.features(x, t)[0])


def _teacher_critic_setup(**flags):
    """(teacher UNet, E_psi UNet, heads D, the objective with --adv-critic teacher and ``flags``, a batch (x0, x1, t),
    by_hand: D on the teacher's features of re-noised images written out, with the objective's draws in its order,
    s and then eps)."""
    teacher_net, E = _small_unet(0).requires_grad_(False), _small_unet(1)
    D = FeatureCritic(feature_channels(8, (1, 2)), dim=4)
    obj = AdversarialDistillation(LinearPath(), time_steps=2, penalty="gp", gp=10.0, teacher_features=True, **flags)
    obj.teacher = TeacherStep(teacher_net)
    torch.manual_seed(4)
    batch = torch.randn(4, 1, 8, 8), torch.randn(4, 1, 8, 8), torch.rand(4)

    def by_hand(x):
        s = torch.rand(x.shape[0])
        x_s = (1 - s[:, None, None, None]) * x + s[:, None, None, None] * torch.randn_like(x)
        return D(teacher_net.features(x_s, s), s)
    return teacher_net, E, D, obj, batch, by_hand


def test_teacher_feature_critic(batch):
    """--adv-critic teacher: D(x, 0) is the heads on the teacher's features of x_s = (1 - s) x + s eps, s ~ U[0, 1)
    and eps ~ N(0, I) per sample; the critic's loss (WGAN-GP between x0 and the K-step sample) and the generator's
    (the pull minus w D(sample)) equal that composition written out, value and gradient, the critic's gradient
    reaching the heads only and the generator's reaching E_psi through the frozen teacher."""
    teacher_net, E, D, obj, (x0, x1, t), by_hand = _teacher_critic_setup(adv_weight=0.5)

    torch.manual_seed(5)
    loss_c, stats = obj.critic_loss(E, D, x0, x1, t)
    torch.manual_seed(5)
    fake = obj.sample(E, x1).detach()
    mix = torch.rand(4, 1, 1, 1)
    x_hat = (mix * x0 + (1 - mix) * fake).requires_grad_(True)
    d_real, d_fake, d_hat = by_hand(torch.cat([x0, fake, x_hat])).chunk(3)
    (g,) = torch.autograd.grad(d_hat.sum(), x_hat, create_graph=True)
    expected_c = -(d_real - d_fake).mean() + 10.0 * ((g.flatten(1).norm(dim=1) - 1) ** 2).mean()
    assert_close(loss_c, expected_c)
    assert_close(stats["value"], (d_real - d_fake).mean().detach())
    for a, b in zip(torch.autograd.grad(loss_c, list(D.parameters()), retain_graph=True),
                    torch.autograd.grad(expected_c, list(D.parameters()))):
        assert_close(a, b)

    plain = Distillation(LinearPath(), time_steps=2)
    plain.teacher = obj.teacher
    torch.manual_seed(6)
    loss_g, _ = obj.generator_loss(E, D, x0, x1, t)
    torch.manual_seed(6)
    expected_g = plain.generator_loss(E, None, x0, x1, t)[0] - 0.5 * by_hand(obj.sample(E, x1, 1)).mean()
    assert_close(loss_g, expected_g)
    params = list(E.parameters())
    grads = torch.autograd.grad(loss_g, params, retain_graph=True)
    for a, b in zip(grads, torch.autograd.grad(expected_g, params)):
        assert_close(a, b)
    assert all(g is None for g in torch.autograd.grad(loss_g, list(D.parameters()), allow_unused=True))
    no_critic = plain.generator_loss(E, None, x0, x1, t)[0]
    assert max((a - b).abs().max() for a, b in zip(grads, torch.autograd.grad(no_critic, params))) > 1e-6


def test_teacher_feature_critic_with_the_penalty_on_part_of_the_batch(batch):
    """--adv-critic teacher --penalty-fraction 0.5: the critic's loss is the value on the whole batch (one pass of the
    teacher over [x0; fake], no graph to x) plus the gp penalty's mean over x_hat between the first half of x0 and of
    the fake (its own pass), written out in the objective's order of draws, value and gradient."""
    teacher_net, E, D, obj, (x0, x1, t), by_hand = _teacher_critic_setup(penalty_fraction=0.5)

    torch.manual_seed(5)
    loss_c, stats = obj.critic_loss(E, D, x0, x1, t)
    torch.manual_seed(5)
    fake = obj.sample(E, x1).detach()
    mix = torch.rand(2, 1, 1, 1)
    x_hat = (mix * x0[:2] + (1 - mix) * fake[:2]).requires_grad_(True)
    d_real, d_fake = by_hand(torch.cat([x0, fake])).chunk(2)
    d_hat = by_hand(x_hat)
    (g,) = torch.autograd.grad(d_hat.sum(), x_hat, create_graph=True)
    penalty = 10.0 * ((g.flatten(1).norm(dim=1) - 1) ** 2).mean()
    assert_close(loss_c, -(d_real - d_fake).mean() + penalty)
    assert_close(stats["penalty"], penalty.detach())
    for a, b in zip(torch.autograd.grad(loss_c, list(D.parameters())),
                    torch.autograd.grad(-(d_real - d_fake).mean() + penalty, list(D.parameters()))):
        assert_close(a, b)
