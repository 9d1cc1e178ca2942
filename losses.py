"""Objectives of the continuous GAN and its flow-matching baseline.

Convention, used everywhere in contgan: **t = 0 is data, t = 1 is noise.**
x0 ~ p_data, x1 ~ N(0, I), t ~ U[0, 1], ``x_t, dxdt = path(x0, x1, t)`` (see paths.py).

The continuous WGAN (write-up ../shared/seeds/000, "Final objective"):

    min_psi max_theta  E_{t, x0, x1}  lam(t) < score_theta(x_t, t), E_psi(x_t, t) - dx_t/dt >,

with ``score_theta`` bounded by ``out * tanh(|out|) / |out|`` (models.bound_norm).

What it converges to. Conditioning on x_t, E[<s, E_psi - dxdt> | x_t] = <s, E_psi - v*> with
v*(x, t) = E[dx_t/dt | x_t = x], the marginal flow-matching velocity. A pointwise critic with
|s| <= 1 attains E lam(t) |E_psi - v*|_2 (the *unsquared* norm), whose unique minimiser is
E_psi = v*; the ODE dx/dt = v* carries N(0, I) at t=1 to p_data at t=0. The method is an
adversarial, L1-like form of flow matching: the gradient reaching E_psi is the critic's unit
direction whatever the size of the error.

Critic regularisation (``critic_reg = alpha``). The critic maximises
    lam <s, E_psi - dxdt> - (alpha / 2) lam |s|^2.
Pointwise its optimum is s = (E_psi - v*) / alpha inside the unit ball and the unit direction
outside, so the value the generator minimises becomes lam * Huber_alpha(|E_psi - v*|): the
same minimiser v*, but a critic that is strongly concave, has an interior optimum near the
equilibrium (no tanh saturation), and gives E_psi a gradient that shrinks with its error.
alpha = 0 is the write-up's objective exactly. The generator's loss is never changed: E_psi
learns only through the critic.

The critic as a gradient (``critic_form="grad"``, ``--critic-form grad``). The write-up's critic
is "dD_theta", the x-gradient of a scalar D_theta(x_t, t), before it is replaced by a free
network. With score = grad_x D the value per sample is

    lam <grad_x D(x_t, t), w>,  w = E_psi(x_t, t) - dx_t/dt,

the derivative of D along w in x: **one jvp of D at x_t with tangent w** (torch.func.jvp, forward
mode; no second backward pass). CAFM (arXiv 2604.11521) takes one jvp along (v, 1), i.e.
<grad_x D, v> + d_t D, because it scores real and fake velocities separately; here both
velocities share x_t and t, so d_t D cancels in E_psi - dx_t/dt and the tangent in t is 0:
one jvp per value instead of two.
What is bounded. One jvp sees only the slope of D along w, sigma = <grad_x D, w> / |w|, not
|grad_x D|; so the tanh bound of the free critic (a bound on |score|) has no cheap analogue and
is not applied, and the critic's regulariser acts on that slope: the critic maximises
    lam <grad_x D, w> - (alpha / 2) lam sigma^2.
Conditioning on x_t with g = grad_x D(x_t, t) and M = E[w w^T / |w|^2 | x_t] (trace 1): the critic's
optimum is g = M^+ (E_psi - v*) / alpha and the value (E_psi - v*)^T M^+ (E_psi - v*) / (2 alpha),
a squared error in a metric set by the spread of the path's velocities, minimised by the same
E_psi = v* (E_psi - v* = E[w | x_t] lies in M's range). So alpha > 0 is required (with 0 the value
is unbounded). A bounded function of sigma in the value (say tanh) would move the optimum away
from v*: E[|w| tanh(<g, w> / |w|) | x_t] can be positive when E[w | x_t] = 0.
"""

import math

import torch

from models import bound_norm
from paths import expand_t, shift_time, unshift_time

LAMBDAS = {
    "one": lambda t: torch.ones_like(t),
    "one_minus_t": lambda t: 1 - t,
    "t": lambda t: t,
}


def _weighting(name):
    """lambda(t) by name (LAMBDAS); a ValueError names the known ones."""
    if name not in LAMBDAS:
        raise ValueError(f"unknown lambda(t) {name!r}; known: {', '.join(LAMBDAS)}")
    return LAMBDAS[name]


def _dot(a, b):
    """Per-sample inner product over all non-batch dims: (B, ...) x (B, ...) -> (B,)."""
    return (a * b).flatten(1).sum(dim=1)


def _sqnorm(a):
    return a.flatten(1).pow(2).sum(dim=1)


def _with_fm(weight, loss, stats, E, u, lam):
    """E_psi's (loss, stats) with weight * E lam |E - u|^2, flow matching's loss, added (unchanged when the
    weight is 0); E is E_psi's output on the detached x_t and u the detached dx_t/dt. Both objectives
    with a critic use it for --fm-weight."""
    if not weight:
        return loss, stats
    mse = (lam * _sqnorm(E - u)).mean()
    return loss + weight * mse, {**stats, "mse": mse.detach()}


class ContinuousWGAN:
    """The continuous WGAN objective; one object used by every training script.

    critic_loss -> the critic's loss (minimised by theta): -value + regularisers.
    generator_loss -> value, minimised by psi (and phi when the path learns, see f_objective).

    f_objective (learned path only) says what F_phi minimises:
      "variance": E lam |E_psi(x_t, t) - dx_t/dt|^2 with E_psi held fixed, i.e. the conditional
          variance of dx_t/dt given x_t (the part of the flow-matching loss E_psi cannot remove).
          It pulls the interpolant toward paths that do not cross, so the marginal velocity
          becomes closer to straight. E_psi still learns only through the critic.
      "adversarial": the write-up's choice, the same value as E_psi. Every interpolant has an
          exact marginal velocity, so this leaves F_phi unpinned (NOTES.md).
    f_reg adds f_reg * E |F_phi|^2, pulling the path toward the linear one.
    fm_weight adds fm_weight * E lam |E_psi(x_t, t) - dx_t/dt|^2, flow matching's own loss, to E_psi's
      (post-training with the regression kept beside the critic; 0 = off). Its expected gradient in E_psi
      is 2 fm_weight lam (E_psi - v*); the critic's, at its optimum under critic_reg = alpha, is
      lam (E_psi - v*) / alpha (inside the norm bound), so fm_weight = 1 / (2 alpha) weighs the two alike,
      and the critic's part carries none of dx_t/dt's spread around v*. No extra forward pass: the term
      reuses E_psi's output at x_t. Only E_psi learns from it (x_t and dx_t/dt are constants).
    """

    has_critic = True

    def __init__(self, path, lam="one", critic_reg=1.0, raw_penalty=0.0,
                 f_objective="variance", f_reg=0.0, critic_form="free", fm_weight=0.0):
        if f_objective not in ("variance", "adversarial"):
            raise ValueError(f"unknown F_phi objective {f_objective!r}")
        if critic_form not in ("free", "grad"):
            raise ValueError(f"unknown critic form {critic_form!r}; known: free, grad")
        if critic_form == "grad" and (critic_reg <= 0 or raw_penalty or
                                      (path.learnable and f_objective == "adversarial")):
            raise ValueError(GRAD_FORM_NEEDS)
        if fm_weight and path.learnable and f_objective == "adversarial":
            raise ValueError(FM_WEIGHT_NEEDS)
        self.path, self.lam = path, _weighting(lam)
        self.fm_weight = fm_weight
        self.critic_reg, self.raw_penalty = critic_reg, raw_penalty
        self.f_objective, self.f_reg = f_objective, f_reg
        self.critic_form = critic_form

    @staticmethod
    def value(score, E, dxdt, lam):
        """lam(t) <score, E - dxdt> per sample: (B, ...) x3, (B,) -> (B,)."""
        return lam * _dot(score, E - dxdt)

    def critic_inputs(self, E_psi, x0, x1, t):
        """What the critic's loss holds fixed, from one no-grad forward pass of the path and E_psi:
        (x_t, t, dxdt, E). Several critic updates can reuse it (``--critic-reuse``)."""
        with torch.no_grad():
            x_t, dxdt = self.path(x0, x1, t)
            return x_t, t, dxdt, E_psi(x_t, t)

    def critic_loss(self, E_psi, score_theta, x0, x1, t):
        return self.critic_loss_on(score_theta, self.critic_inputs(E_psi, x0, x1, t))

    def critic_loss_on(self, score_theta, inputs):
        """The critic's loss and stats on ``inputs`` from critic_inputs."""
        x_t, t, dxdt, E = inputs
        if self.critic_form == "grad":
            return self._grad_critic_terms(score_theta, x_t, t, E - dxdt, self.lam(t))
        return self._critic_terms(score_theta.raw(x_t, t), E, dxdt, self.lam(t))

    def _grad_critic_terms(self, D, x_t, t, w, lam):
        """critic_form "grad": -lam <grad_x D, w> + (alpha/2) lam sigma^2 from one jvp of D along w
        (constant), sigma = <grad_x D, w> / |w|; stats: value and the mean |sigma|."""
        value = lam * directional_derivative(D, x_t, t, w)
        sigma = value / (lam * _sqnorm(w).sqrt()).clamp_min(1e-12)
        loss = -value.mean() + 0.5 * self.critic_reg * (lam * sigma ** 2).mean()
        return loss, {"value": value.mean().detach(), "slope": sigma.abs().mean().detach()}

    def _critic_terms(self, raw, E, dxdt, lam):
        """The critic's loss and stats from its unbounded output ``raw`` and constants E, dxdt, lam."""
        s = bound_norm(raw)
        value = self.value(s, E, dxdt, lam)
        loss = -value.mean()
        if self.critic_reg:
            loss = loss + 0.5 * self.critic_reg * (lam * _sqnorm(s)).mean()
        if self.raw_penalty:
            loss = loss + self.raw_penalty * _sqnorm(raw).mean()
        return loss, {"value": value.mean().detach(), "score_norm": _sqnorm(s).sqrt().mean().detach()}

    def joint_losses(self, E_psi, score_theta, x0, x1, t):
        """Both players' losses on one batch from one forward pass of each network (simultaneous
        updates, ``--simultaneous``): the critic's loss sees E_psi's output as a constant and
        E_psi's loss the critic's output, exactly as critic_loss and generator_loss do on that
        batch, but E_psi and the critic each run once instead of twice.
        Returns (critic loss, critic stats, generator loss, generator stats); the two graphs are
        disjoint (critic parameters / generator parameters), so they can be stepped one after the other."""
        if self.path.learnable and self.f_objective != "variance":
            raise ValueError("simultaneous updates need the linear path or the 'variance' F_phi objective")
        x_t, dxdt = self.path(x0, x1, t)
        x_in, u, lam = x_t.detach(), dxdt.detach(), self.lam(t)
        if self.critic_form == "grad":
            # two jvps: the critic's with w held fixed, E_psi's through w with D's weights fixed
            # (one shared jvp would keep the critic's weights in E_psi's graph across the critic's step)
            E = E_psi(x_in, t)
            loss_c, stats_c = self._grad_critic_terms(score_theta, x_in, t, E.detach() - u, lam)
            value = lam * directional_derivative(_frozen_module(score_theta), x_in, t, E - u)
        else:
            E, raw = E_psi(x_in, t), score_theta.raw(x_in, t)
            loss_c, stats_c = self._critic_terms(raw, E.detach(), u, lam)
            value = self.value(bound_norm(raw.detach()), E, u, lam)
        loss_g = value.mean() + self._path_terms(E_psi, x0, x1, t, x_t, dxdt, lam)
        stats_g = {"value": value.mean().detach()}
        return loss_c, stats_c, *_with_fm(self.fm_weight, loss_g, stats_g, E, u, lam)

    def _path_terms(self, E_psi, x0, x1, t, x_t, dxdt, lam):
        """F_phi's own terms of the generator loss (0 on the linear path): the conditional variance
        (E_psi held fixed) under the 'variance' objective, and f_reg * E |F_phi|^2."""
        loss = 0.0
        if self.path.learnable and self.f_objective == "variance":
            loss = loss + (lam * _sqnorm(_frozen(E_psi, x_t, t) - dxdt)).mean()
        if self.f_reg and self.path.learnable:
            loss = loss + self.f_reg * _sqnorm(self.path.F_phi(x0, x1, t)).mean()
        return loss

    def generator_loss(self, E_psi, score_theta, x0, x1, t):
        x_t, dxdt = self.path(x0, x1, t)
        lam = self.lam(t)
        if not self.path.learnable or self.f_objective == "variance":
            # E_psi's loss: lam <s, E_psi> with the critic's output s held fixed; the path is
            # a constant here (F_phi, if any, gets only the variance term below).
            x_in, u = x_t.detach(), dxdt.detach()
            E = E_psi(x_in, t)
            if self.critic_form == "grad":  # lam <grad_x D, E_psi - u>, D's weights fixed: one jvp
                value = lam * directional_derivative(_frozen_module(score_theta), x_in, t, E - u)
            else:
                with torch.no_grad():
                    s = score_theta(x_in, t)
                value = self.value(s, E, u, lam)
        else:
            # The write-up's choice: phi minimises the same value, through x_t and dxdt (and
            # the critic's dependence on x_t). The loop steps the generator's parameters only.
            value = self.value(score_theta(x_t, t), E_psi(x_t, t), dxdt, lam)
        loss = value.mean() + self._path_terms(E_psi, x0, x1, t, x_t, dxdt, lam)
        stats = {"value": value.mean().detach()}
        if not self.path.learnable or self.f_objective == "variance":
            return _with_fm(self.fm_weight, loss, stats, E, u, lam)
        return loss, stats


GRAD_FORM_NEEDS = ("--critic-form grad needs --critic-reg > 0 (it bounds the critic's slope), no --raw-penalty, "
                   "and not --f-objective adversarial")
FM_WEIGHT_NEEDS = ("--fm-weight trains E_psi on a fixed path; with --path learned it needs --f-objective variance")
STEP_METHODS = ("euler", "midpoint")  # the discrete objective's step (--step-method)
OBJECTIVES = ("cgan", "fm", "discrete", "distill", "adv_distill")  # --objective's choices (make_objective)
FEW_STEP_OBJECTIVES = ("discrete", "distill", "adv_distill")  # trained as, and sampled with, K steps on the grid {dt, ..., 1}
FM_WEIGHT_ROLLOUT = ("--fm-weight regresses E_psi on the path's dx_t/dt at the path's x_t; --rollout feeds the "
                     "sampler's own state, which has none")


def directional_derivative(D, x, t, w):
    """<grad_x D(x, t), w> per sample, as one forward-mode jvp of the scalar D in x along w:
    (B, ...), (B,), (B, ...) -> (B,). Differentiable in D's weights and in w."""
    return torch.func.jvp(lambda x_: D(x_, t), (x,), (w,))[1]


def _frozen_module(net):
    """net as a function (x, t) -> net(x, t) with a copy of its weights, detached: gradients reach
    the inputs only, and the critic may step its weights before E_psi's backward (simultaneous)."""
    params = {k: v.detach().clone() for k, v in net.named_parameters()}
    return lambda *args: torch.func.functional_call(net, params, args)


def _frozen(net, *args):
    """net(*args) with gradients to the inputs but not to net's parameters."""
    params = {k: v.detach() for k, v in net.named_parameters()}
    return torch.func.functional_call(net, params, args)


class FlowMatching:
    """Flow-matching baseline: E lam(t) |E_psi(x_t, t) - dx_t/dt|^2 (MSE to the path's velocity).

    With a learned path the same loss trains F_phi (it minimises the conditional variance)."""

    has_critic = False

    def __init__(self, path, lam="one", f_reg=0.0):
        self.path, self.lam, self.f_reg = path, _weighting(lam), f_reg

    def generator_loss(self, E_psi, score_theta, x0, x1, t):
        x_t, dxdt = self.path(x0, x1, t)
        mse = (self.lam(t) * _sqnorm(E_psi(x_t, t) - dxdt)).mean()
        loss = mse
        if self.path.learnable and self.f_reg:
            loss = loss + self.f_reg * _sqnorm(self.path.F_phi(x0, x1, t)).mean()
        return loss, {"mse": mse.detach()}


class WGANGP:
    """The WGAN-GP baseline (Gulrajani et al. 2017; ../shared/seeds/002), in the loop's interface.

    Critic:    E D(G(z)) - E D(x0) + gp * E (|grad_x D(x_hat)|_2 - 1)^2,
               x_hat = eps x0 + (1 - eps) G(z), eps ~ U[0, 1] per sample (the paper's per-sample penalty).
    Generator: -E D(G(z)).
    ``E_psi`` is the generator G and ``score_theta`` the critic D here; there is no path, so the
    loop passes no noise or times (x1, t are None): z ~ N(0, I_{z_dim}) is drawn inside.
    """

    has_critic = True
    draws_own_noise = True
    double_backward = True  # the gradient penalty: the critic cannot run under torch.compile

    def __init__(self, gp=10.0):
        self.gp = gp

    @staticmethod
    def _fake(G, x0):
        return G(torch.randn(x0.shape[0], G.z_dim, device=x0.device))

    def critic_loss(self, G, D, x0, x1, t):
        with torch.no_grad():
            fake = self._fake(G, x0)
        eps = torch.rand(x0.shape[0], *[1] * (x0.ndim - 1), device=x0.device)
        x_hat = (eps * x0 + (1 - eps) * fake).requires_grad_(True)
        (grad,) = torch.autograd.grad(D(x_hat).sum(), x_hat, create_graph=True)
        penalty = ((grad.flatten(1).norm(dim=1) - 1) ** 2).mean()
        w_dist = D(x0).mean() - D(fake).mean()
        loss = -w_dist + self.gp * penalty
        return loss, {"w_dist": w_dist.detach(), "gp": penalty.detach()}

    def generator_loss(self, G, D, x0, x1, t):
        loss = -D(self._fake(G, x0)).mean()
        return loss, {"d_fake": -loss.detach()}


def _explicit_step(net, x, t, h, method):
    """One explicit step of size h from (x, t) towards t - h: (the step's output, net(x, t), its first
    evaluation). Euler: x - h E; midpoint: x - h net(x - (h/2) E, t - h/2), as torchdiffeq's midpoint
    solver steps. The sampler's step (_StepGrid) and the teacher's (TeacherStep) are both this."""
    E = net(x, t)
    hb = expand_t(h, x) if torch.is_tensor(h) else h  # h: a float, or (B,) on a --time-shift grid
    if method == "euler":
        return x - hb * E, E
    return x - hb * net(x - 0.5 * hb * E, t - 0.5 * h), E


class TeacherStep:
    """A frozen flow-matching parent's own K-step map, the regression target of --distill-weight and
    --objective distill: x_{t_k} -> x_{t_k - dt} by ``substeps`` explicit midpoint steps of the
    parent's velocity ``net`` (its EMA weights, no gradient), i.e. the parent's ODE solved over one
    grid step with 2 * substeps evaluations. For a parent with E = v* this is the flow's exact
    transport map over [t_k - dt, t_k] up to the solver's error, which carries p_{t_k} onto
    p_{t_k - dt}: the map the discrete objective's critic asks for, given by a teacher instead of
    found by the game. ``net`` is called as net(x, t) with t of shape (B,).

    A few-step parent (``grid`` = (its K, its step method), from --objective discrete or distill)
    has no ODE to solve: its E is a step's mean velocity on its own grid, not an instantaneous
    velocity. It teaches with its own sampler instead, dt K of its steps over the student's step
    (progressive distillation: a K-step student of a 2K-step parent learns two of its steps as one).
    The student's grid must lie on the parent's (K_parent a multiple of the student's K).

    ``substeps`` may also be a list of K values, one per grid step in the sampler's order (the step ending at
    t = 1 first; --distill-substeps 4 1 1 1): each sample is then solved with its own step's count. A batch of
    mixed steps is split by count (on CUDA the split reads the group sizes, a host sync per call); a batch of
    one step, as --step-experts draws them, is not."""

    def __init__(self, net, substeps=2, grid=None):
        self.net, self.substeps, self.grid = net, substeps, grid

    @torch.no_grad()
    def __call__(self, x_t, t_k, dt, k=None):
        """(B, ...), (B,), float or (B,) -> the parent's x_{t_k - dt}: (B, ...). ``k`` (B,): each sample's grid index
        (t_k is the k-th grid time, 1..K), needed only for a list of substeps."""
        if self.grid is not None:
            return self._steps(x_t, t_k, round(dt * self.grid[0]), 1.0 / self.grid[0], self.grid[1])
        if not isinstance(self.substeps, (list, tuple)):
            return self._steps(x_t, t_k, self.substeps, dt / self.substeps, "midpoint")
        counts = torch.tensor(self.substeps, device=t_k.device)[len(self.substeps) - k.long()]  # (B,)
        out = torch.empty_like(x_t)
        for n in sorted(set(self.substeps)):
            idx = (counts == n).nonzero().squeeze(1)
            if idx.numel() == x_t.shape[0]:
                return self._steps(x_t, t_k, n, dt / n, "midpoint")
            if idx.numel():
                h = (dt.index_select(0, idx) if torch.is_tensor(dt) else dt) / n
                out.index_copy_(0, idx, self._steps(x_t.index_select(0, idx), t_k.index_select(0, idx), n, h, "midpoint"))
        return out

    def _steps(self, x, t, steps, h, method):
        for _ in range(steps):
            x, t = _explicit_step(self.net, x, t, h, method)[0], t - h
        return x


def step_distribution(weights, K):
    """--step-weights w_K ... w_1 (the sampler's order) -> P(k <= j) for j = 1..K-1, k the grid index; ValueError
    for a list of another length than K, a negative weight or a sum that is not finite and > 0 (cli.start calls it
    to refuse bad flags before the run's folder is made)."""
    if len(weights) != K:
        raise ValueError(f"--step-weights takes one weight per grid step (--time-steps {K}), got {len(weights)}")
    if min(weights) < 0 or not 0 < sum(weights) < math.inf:
        raise ValueError(f"--step-weights must be >= 0 with a finite sum > 0, got {' '.join(map(str, weights))}")
    p = [w / sum(weights) for w in reversed(weights)]  # P(k) for k = 1..K
    return [sum(p[:j]) for j in range(1, K)]


class _StepGrid:
    """What the few-step objectives share: the grid {dt, ..., 1} of a K-step sampler, the step it takes
    (--step-method) and the teacher term (--distill-weight / --objective distill).

    With ``shift`` s != 1 (--time-shift) the grid is t_k = shift_time(k / K, s) (paths.shift_time), not k / K, and
    the step ending at t_k has its own length dt_k = t_k - t_{k-1} ((B,) per sample, dt_at); everywhere below dt
    then stands for dt_k. The loss terms divide by dt_k as by dt, so each step's term stays in velocity units."""

    teacher = None  # a TeacherStep, set by cli.init_from / cli.resume from the run's parent
    batch_step = False  # one grid step per batch (make_objective sets it for --step-experts; grid_time)
    step_cdf = None  # --step-weights: P(k <= j) for j = 1..K-1 (set_step_weights; None: k uniform on the grid)
    huber_c = 0.0  # --distill-huber: the teacher term's pseudo-Huber constant (distill_error; 0: the squared error)

    def __init__(self, name, path, time_steps, lam, step_method, rollout, shift=1.0):
        """The grid's state and its checks; ``name`` says in errors which objective refused."""
        if not 0 < shift < math.inf:
            raise ValueError(f"the time shift must be a finite number > 0, got {shift}")
        if path.learnable:
            raise ValueError(f"{name} trains on the linear path only")
        if step_method not in STEP_METHODS:
            raise ValueError(f"unknown step {step_method!r}; known: {', '.join(STEP_METHODS)}")
        self.path, self.K, self.dt, self.lam = path, time_steps, 1.0 / time_steps, _weighting(lam)
        self.step_method, self.rollout, self.progress, self.shift = step_method, rollout, 0.0, shift

    def set_step_weights(self, weights):
        """--step-weights: K weights >= 0 in the sampler's order (the step from t = 1 first, as --distill-substeps),
        the grid step k = K, ..., 1 then drawn with probability w / sum(w) instead of 1 / K. The loss is not
        reweighted back: with a shared E_psi the steps' terms are weighted by w; with --step-experts, where each
        step has its own network and optimum, w only shares out the updates among them."""
        self.step_cdf, self._step_cdf_tensors = step_distribution(weights, self.K), {}

    def grid_time(self, t):
        """t ~ U[0, 1] -> (t_k, t_k - dt) with k = ceil(t K) in {1, ..., K}, uniform on the grid: (B,) each; with
        --step-weights k is the inverse of their distribution function at t instead. With ``batch_step`` the whole
        batch takes its first sample's k, a step drawn per batch, so that E_psi of --step-experts meets one expert
        per pass instead of K small ones (the same loss in expectation)."""
        u = t[:1] if self.batch_step else t
        if self.step_cdf is None:
            k = torch.ceil(u * self.K).clamp(1, self.K)
        else:
            k = (torch.searchsorted(self._step_cdf_on(u), u.contiguous()) + 1).to(u.dtype)
        k = k.expand_as(t)
        return self.time_at(k), self.time_at(k - 1)

    def _step_cdf_on(self, u):
        """step_cdf as a tensor of u's device and dtype, made once per pair, so that a CUDA step copies nothing from
        the host."""
        key = (u.device, u.dtype)
        if key not in self._step_cdf_tensors:
            self._step_cdf_tensors[key] = torch.tensor(self.step_cdf, dtype=u.dtype, device=u.device)
        return self._step_cdf_tensors[key]

    def time_at(self, k):
        """Grid index k (float or tensor, 0..K) -> its time t_k = k / K, or shift_time(k / K) with --time-shift."""
        return shift_time(k / self.K, self.shift)

    def index_at(self, t_k):
        """time_at's inverse on the grid: grid times (B,) -> their indices k (B,), whole numbers as floats."""
        return torch.round(unshift_time(t_k, self.shift) * self.K)

    def dt_at(self, t_k):
        """The length of the grid step (t_{k-1}, t_k] that ends at the grid time t_k: the float 1 / K on the uniform
        grid, else t_k - t_{k-1} ((B,) for t_k of shape (B,))."""
        if self.shift == 1:
            return self.dt
        return t_k - self.time_at(self.index_at(t_k) - 1)

    def generator_input(self, E_psi, x0, x1, t_k):
        """x_{t_k}: the path's, or with rollout the sampler's own state."""
        return self.sampler_state(E_psi, x1, t_k) if self.rollout else self.path(x0, x1, t_k)[0]

    @torch.no_grad()
    def sampler_state(self, E_psi, x1, t_k):
        """x_{t_k} as K steps of the sampler from x1 reach it: step j (t = j dt -> (j - 1) dt, j = K..2) moves
        the samples with t_k < j dt. Full-batch passes with a mask, no host sync: (B, ...)."""
        k = self.index_at(t_k).view(-1, *[1] * (x1.dim() - 1))
        x = x1
        for j in range(self.K, 1, -1):
            x = torch.where(k < j, self.step(E_psi, x, torch.full_like(t_k, self.time_at(j))), x)
        return x

    def step(self, E_psi, x_t, t_k):
        """One step of the sampler, the generator's fake sample: x_{t_k} -> x_{t_k - dt}."""
        return self.step_and_velocity(E_psi, x_t, t_k)[0]

    def step_and_velocity(self, E_psi, x_t, t_k):
        """(the step's output, E_psi(x_t, t_k), its first evaluation): one --step-method step of size dt."""
        return _explicit_step(E_psi, x_t, t_k, self.dt_at(t_k), self.step_method)

    def teacher_loss(self, E_psi, x0, x1, t):
        """E lam(t_k) |step_psi(x_{t_k}) - T(x_{t_k})|^2 / dt^2 on this batch's grid times: the pull of --objective
        distill and adv_distill, x_{t_k} from the path (or with rollout the sampler's own state)."""
        t_k, _ = self.grid_time(t)
        x_t = self.generator_input(E_psi, x0, x1, t_k).detach()
        return self.distill_error(x_t, self.step(E_psi, x_t, t_k), t_k).mean()

    def distill_error(self, x_t, fake, t_k):
        """lam(t_k) |fake - teacher(x_t)|^2 / dt^2 per sample, the squared distance of the generator's step
        from the parent's, in velocity units (the squared error of the step's mean velocity): (B,).

        With ``huber_c`` c > 0 (--distill-huber c) it is lam(t_k) (sqrt(|fake - teacher(x_t)|^2 / dt^2 + c^2) - c)
        instead, the pseudo-Huber loss of improved consistency training: the error's norm where it is much larger
        than c, |.|^2 / (2c) where it is much smaller, so each sample's gradient is bounded by lam / dt and no
        sample's error outweighs the others' by its size."""
        if self.teacher is None:
            raise RuntimeError("the teacher term needs the parent's E_psi: start the run with --init-from")
        dt = self.dt_at(t_k)
        target = self.teacher(x_t, t_k, dt, self.index_at(t_k))
        squared = _sqnorm(fake - target) / dt ** 2
        if self.huber_c:
            return self.lam(t_k) * ((squared + self.huber_c ** 2).sqrt() - self.huber_c)
        return self.lam(t_k) * squared


class Distillation(_StepGrid):
    """Few-step distillation of a flow-matching parent, without a critic (--objective distill; the control
    of --distill-weight): E_psi regresses the parent's own map over one grid step,

        min_psi  E_k lam(t_k) |step_psi(x_{t_k}) - T(x_{t_k})|^2 / dt^2,   x_{t_k} from the path,

    T the TeacherStep (the parent's ODE over [t_k - dt, t_k], or a few-step parent's own steps there)
    and step_psi the sampler's K-step step
    (--step-method). At the optimum the student's K steps reproduce the parent's finely solved ODE on
    the grid, so its few-step samples are as good as the parent's many-step ones, and no better: the
    teacher bounds it. Needs --init-from (the parent is the teacher).

    With ``rollout`` (--rollout) x_{t_k} is the student's own sampler state (K - k of its steps from x1, no
    gradient) and the teacher's target is taken from there: the teacher is defined on any input, so each
    step learns to continue the student's own chain as the parent would, on the inputs it meets at sampling
    time rather than the path's (DiscreteWGAN's docstring says where those differ). An earlier step's error
    is then carried on by the parent's flow instead of meeting a later step trained elsewhere; it is not
    undone. Up to K - 1 extra no-grad passes of E_psi per update."""

    has_critic = False
    double_backward = False

    def __init__(self, path, time_steps=4, lam="one", step_method="euler", rollout=False, shift=1.0):
        super().__init__("distillation", path, time_steps, lam, step_method, rollout, shift)

    def generator_loss(self, E_psi, score_theta, x0, x1, t):
        loss = self.teacher_loss(E_psi, x0, x1, t)
        return loss, {"distill": loss.detach()}


def _penalised_critic_loss(D, real, fake, t, scale, lam, penalty, critic_reg, gp, fraction=1.0):
    """The scalar critic's loss, -E scale (D(real, t) - D(fake, t)) plus a gradient penalty on
    x_hat = eps * real + (1 - eps) * fake, eps ~ U[0, 1] per sample: "quadratic" (critic_reg / 2) lam |grad_x D|^2
    or "gp" gp lam (|grad_x D| - 1)^2. ``scale``, ``lam``: (B,). Returns (loss, stats).

    ``fraction`` < 1 (--penalty-fraction) takes the penalty's mean over the first max(1, round(fraction B)) samples
    only, an unbiased estimate of the same term at a fraction of its cost, and passes x_hat through D on its own, so
    that D's pass on real and fake keeps no graph to x (with --adv-critic teacher that pass is the frozen
    teacher's, whose second-order backward is most of the step)."""
    n = real.shape[0] if fraction >= 1 else max(1, round(fraction * real.shape[0]))
    eps = torch.rand(n, *[1] * (real.dim() - 1), device=real.device, dtype=real.dtype)
    x_hat = (eps * real[:n] + (1 - eps) * fake[:n]).requires_grad_(True)
    if fraction >= 1:
        # one forward pass of the critic on [real; fake; x_hat] (it treats samples independently)
        d_real, d_fake, d_hat = D(torch.cat([real, fake, x_hat]), t.repeat(3)).chunk(3)
    else:
        d_real, d_fake = D(torch.cat([real, fake]), t.repeat(2)).chunk(2)
        d_hat, lam = D(x_hat, t[:n]), lam[:n]
    value = scale * (d_real - d_fake)
    (grad,) = torch.autograd.grad(d_hat.sum(), x_hat, create_graph=True)
    grad_norm = _sqnorm(grad).sqrt()
    if penalty == "quadratic":
        term = 0.5 * critic_reg * lam * grad_norm ** 2
    else:
        term = gp * lam * (grad_norm - 1) ** 2
    loss = -value.mean() + term.mean()
    return loss, {"value": value.mean().detach(), "penalty": term.mean().detach(), "grad_norm": grad_norm.mean().detach()}


def _check_penalty(penalty, fraction):
    """The scalar critics' penalty flags, checked where the objective is built."""
    if penalty not in ("quadratic", "gp"):
        raise ValueError(f"unknown gradient penalty {penalty!r}; known: quadratic, gp")
    if not 0 < fraction <= 1:
        raise ValueError(f"--penalty-fraction must lie in (0, 1], got {fraction}")


class DiscreteWGAN(_StepGrid):
    """The write-up's discrete-time objective ("Discrete case"): one WGAN per step of a K-step grid.

    dt = 1/K, t_k drawn uniformly from the grid {dt, 2 dt, ..., 1} it is sampled on, and x_{t_k},
    x_{t_k - dt} taken from the path with the same (x0, x1):

        min_psi max_theta  E_k lam(t_k) [D_theta(x_{t_k - dt}, t_k) - D_theta(x_{t_k} - dt E_psi(x_{t_k}, t_k), t_k)] / dt

    minus a gradient penalty on x_hat = eps * real + (1 - eps) * fake, eps ~ U[0, 1] per sample:
      "quadratic": (alpha / 2) lam |grad_x D(x_hat, t_k)|^2. As dt -> 0 the bracket over dt tends
          to lam <grad_x D, E_psi - dx_t/dt>, the continuous objective with score = grad_x D, and
          this term becomes exactly --critic-reg's (alpha/2) lam |score|^2 (ContinuousWGAN).
      "gp": gp * lam (|grad_x D(x_hat, t_k)| - 1)^2, WGAN-GP's penalty (../shared/seeds/002).
    With K = 1 (t_k = 1, x_1 = x1, x_0 = x0) and "gp" this is WGAN-GP with the generator
    G(x1) = x1 - E_psi(x1, 1) and the critic D(x, 1) (tests/test_discrete.py).

    Why it trains a K-step sampler (the write-up's induction): if x_{t_k} ~ p_{t_k} and, for every k,
    the map x -> x - dt E_psi(x, t_k) carries p_{t_k} onto p_{t_k - dt}, then K Euler steps from
    p_1 = N(0, I) end at p_0 = p_data. The critic compares the two marginals at each t_k, so pairing
    real and fake through the same (x0, x1) changes no expectation, only the variance.
    Where it is approximate: training feeds each step x_t drawn from the path's p_t, but at sampling
    time step k receives the output of step k+1, whose law is p_t only if every earlier step is
    exact; the errors of the steps compound along the chain (no step sees its own input errors).

    Transport cost (``ot_weight`` w): E_psi's loss also pays w(s) |dt E_psi|^2 / dt per sample,
    w(s) decaying with the training progress s in [0, 1] (``ot_decay``: cosine w (1 + cos(pi s)) / 2,
    or constant). Without it every map matching the marginals is optimal; with it, the cheapest one.
    The loop sets ``progress`` (step / steps) before each step.

    Flow matching's loss kept beside the critic (``fm_weight`` w, --fm-weight): E_psi's loss also pays
    w E lam |E_psi(x_{t_k}, t_k) - dx_t/dt|^2 at the generator's own input, on the grid times (no extra
    forward pass). A restoring force towards the flow-matching velocity v* for post-training: the
    critic's direction moves E_psi off v* only where it outweighs the pull. As dt -> 0 the critic's
    gradient at its optimum is lam (E_psi - v*) / alpha, as ContinuousWGAN's score is, so w = 1 / (2 alpha)
    weighs the two alike there; at finite dt the critic's optimum is not v*, and w sets the compromise.
    Not with rollout, whose x_{t_k} has no dx_t/dt.

    The step (``step_method``, --step-method): "euler" (default) x_t - dt E_psi(x_t, t_k), one
    evaluation; "midpoint" x_t - dt E_psi(x_t - (dt/2) E_psi(x_t, t_k), t_k - dt/2), the explicit
    midpoint step, two evaluations, so the sampler takes K midpoint steps and NFE = 2K. The critic
    judges the step's output either way, so the argument above holds for any step that maps x_t
    alone; the midpoint step lets a flow-matching parent start from that solver's better few-step
    samples. With fm_weight the pull is paid at both evaluation times, each on the path's own point
    (x_{t_k} and x_{t_k - dt/2}, one extra pass of E_psi), the two averaged. The transport cost is
    |x_t - step(x_t)|^2 / dt, which for Euler is |dt E_psi|^2 / dt.

    The parent's step kept beside the critic (``distill_weight`` w, --distill-weight): E_psi's loss also
    pays w E lam |step(x_{t_k}) - T(x_{t_k})|^2 / dt^2, T the frozen parent's own map over the grid step
    (TeacherStep: its ODE solved finely from x_{t_k} to t_k - dt). Where --fm-weight pulls E_psi towards
    the instantaneous velocity v*, whose straight step is wrong by O(dt^2) on curved paths, this pulls
    the step towards the parent's transport map, which is what the critic asks for at the optimum when
    the parent is exact; the critic then corrects what the parent got wrong. Needs --init-from.

    Rollout (``rollout=True``, --rollout): the generator's input x_{t_k} is no longer drawn from the
    path but made as the sampler makes it, K - k Euler steps of the current E_psi from x1 (no
    gradient through them); the real x_{t_k - dt} still comes from the path. Each step then learns to
    carry the law its input really has at sampling time, q_{t_k}, onto p_{t_k - dt}, so at the
    optimum the chain ends at p_0 even where earlier steps are off: the approximation above is gone,
    for up to K - 1 extra no-grad passes of E_psi per loss. With K = 1 it changes nothing.
    """

    has_critic = True
    double_backward = True  # the gradient penalty: the critic cannot run under torch.compile

    def __init__(self, path, time_steps=4, lam="one", penalty="quadratic", critic_reg=1.0, gp=10.0,
                 ot_weight=0.0, ot_decay="cosine", rollout=False, fm_weight=0.0, step_method="euler",
                 distill_weight=0.0, penalty_fraction=1.0, shift=1.0):
        super().__init__("the discrete objective", path, time_steps, lam, step_method, rollout, shift)
        _check_penalty(penalty, penalty_fraction)
        if ot_decay not in ("cosine", "constant"):
            raise ValueError(f"unknown transport-cost decay {ot_decay!r}; known: cosine, constant")
        if fm_weight and rollout:
            raise ValueError(FM_WEIGHT_ROLLOUT)
        self.penalty, self.critic_reg, self.gp, self.penalty_fraction = penalty, critic_reg, gp, penalty_fraction
        self.ot_weight, self.ot_decay = ot_weight, ot_decay
        self.fm_weight, self.distill_weight = fm_weight, distill_weight

    def points(self, E_psi, x0, x1, t):
        """(t_k, the generator's input x_{t_k}, real sample x_{t_k - dt} from the path)."""
        t_k, t_prev = self.grid_time(t)
        return t_k, self.generator_input(E_psi, x0, x1, t_k), self.path(x0, x1, t_prev)[0]

    def critic_loss(self, E_psi, D, x0, x1, t):
        t_k, x_t, real = self.points(E_psi, x0, x1, t)
        with torch.no_grad():
            fake = self.step(E_psi, x_t, t_k)
        return _penalised_critic_loss(D, real, fake, t_k, self.lam(t_k) / self.dt_at(t_k), self.lam(t_k),
                                      self.penalty, self.critic_reg, self.gp, self.penalty_fraction)

    def ot_scale(self):
        """The transport cost's weight at the current progress."""
        if self.ot_decay == "constant":
            return self.ot_weight
        return self.ot_weight * 0.5 * (1 + math.cos(math.pi * min(max(self.progress, 0.0), 1.0)))

    def generator_loss(self, E_psi, D, x0, x1, t):
        t_k, _ = self.grid_time(t)
        x_t = self.generator_input(E_psi, x0, x1, t_k).detach()
        fake, E = self.step_and_velocity(E_psi, x_t, t_k)
        dt = self.dt_at(t_k)
        d_fake = self.lam(t_k) * _frozen(D, fake, t_k) / dt  # no gradient to the critic's weights
        loss = -d_fake.mean()
        stats = {"d_fake": d_fake.mean().detach()}
        if self.ot_weight:
            cost = (_sqnorm(x_t - fake) / dt).mean()
            loss = loss + self.ot_scale() * cost
            stats["ot_cost"] = cost.detach()
        if self.distill_weight:
            distill = self.distill_error(x_t, fake, t_k).mean()
            loss = loss + self.distill_weight * distill
            stats["distill"] = distill.detach()
        u = x1 - x0  # the linear path's dx_t/dt
        if not self.fm_weight or self.step_method == "euler":
            return _with_fm(self.fm_weight, loss, stats, E, u, self.lam(t_k))
        t_mid = t_k - 0.5 * dt  # the midpoint step's second evaluation time, on the path's own point
        E_mid = E_psi(self.path(x0, x1, t_mid)[0].detach(), t_mid)
        loss, stats = _with_fm(self.fm_weight, loss, stats, torch.cat([E, E_mid]), u.repeat(2, *[1] * (u.dim() - 1)),
                               torch.cat([self.lam(t_k), self.lam(t_mid)]))
        return loss, stats


class AdversarialDistillation(_StepGrid):
    """Few-step distillation with a critic on the student's own samples against the data (--objective
    adv_distill): the teacher's pull of --objective distill, plus a WGAN at t = 0 between real images and
    the student's K-step samples, as adversarial diffusion distillation (ADD) pairs them:

        min_psi  E_k lam(t_k) |step_psi(x_{t_k}) - T(x_{t_k})|^2 / dt^2  -  w E D(S_psi(x1), 0)
        max_theta  E D(x0, 0) - E D(S_psi(x1), 0) - penalty(D),

    S_psi(x1) the sampler's K steps from x1 ~ N(0, I), T the TeacherStep, w ``adv_weight`` (--adv-weight) and
    the penalty --penalty's on points between x0 and S_psi(x1) (_penalised_critic_loss). Distillation alone
    is bounded by its teacher (Distillation's docstring); the critic compares the student with the data, not
    with the teacher, so it can correct what the teacher gets wrong, while the pull keeps the student near
    the parent's map where the critic's signal is weak.

    The generator's gradient through S_psi runs through its last ``backprop_steps`` steps (--adv-backprop-steps
    m, 1..K; the first K - m are taken without a graph): m = K is the sample's exact gradient, at K passes of
    E_psi with backward; m = 1 reaches E_psi only at t = dt, the step that turns x_dt into the sample.
    Each critic-only update draws its own S_psi(x1), K no-grad passes; with --simultaneous (the image default) the
    last critic update and the generator's share one sample (joint_losses). Needs --init-from (the teacher).

    ``teacher_features`` (--adv-critic teacher): D reads the frozen teacher's feature maps instead of the image,
    as LADD's discriminator does: D(x, 0) = D_theta(teacher.features(x_s, s), s) with x_s = (1 - s) x + s eps,
    s ~ U[0, 1) and eps ~ N(0, I) drawn per sample and per call, D_theta heads only (models.FeatureCritic). The
    critic then starts from the parent's knowledge of the data, and its gradient reaches x (and E_psi) through
    the teacher's network; the penalty's gradient runs through it too."""

    has_critic = True
    double_backward = True  # the gradient penalty: the critic cannot run under torch.compile

    def __init__(self, path, time_steps=4, lam="one", step_method="euler", rollout=False, penalty="gp",
                 critic_reg=1.0, gp=10.0, adv_weight=1.0, backprop_steps=1, teacher_features=False,
                 penalty_fraction=1.0, shift=1.0):
        super().__init__("adversarial distillation", path, time_steps, lam, step_method, rollout, shift)
        _check_penalty(penalty, penalty_fraction)
        if not 1 <= backprop_steps <= time_steps:
            raise ValueError(f"--adv-backprop-steps must lie in 1..K = {time_steps}, got {backprop_steps}")
        self.penalty, self.critic_reg, self.gp, self.penalty_fraction = penalty, critic_reg, gp, penalty_fraction
        self.adv_weight, self.backprop_steps, self.teacher_features = adv_weight, backprop_steps, teacher_features

    def _on_images(self, D):
        """The critic as a function of images (x, t) -> (B,): D itself, or with teacher_features D's heads on the
        teacher's features of x re-noised to a random s."""
        if not self.teacher_features:
            return D

        def on_features(x, t):
            s = torch.rand(x.shape[0], device=x.device, dtype=x.dtype)
            x_s = self.path(x, torch.randn_like(x), s)[0]
            return D(self.teacher.net.features(x_s, s), s)
        return on_features

    def sample(self, E_psi, x1, backprop_steps=0):
        """The sampler's K steps from x1 to t = 0, with a graph through the last ``backprop_steps``: (B, ...)."""
        x = x1
        for j in range(self.K, 0, -1):
            with torch.set_grad_enabled(torch.is_grad_enabled() and j <= backprop_steps):
                x = self.step(E_psi, x, x1.new_full((x1.shape[0],), self.time_at(j)))
        return x

    def critic_loss(self, E_psi, D, x0, x1, t):
        with torch.no_grad():
            fake = self.sample(E_psi, x1)
        return self._critic_loss_on(D, x0, fake, t)

    def _critic_loss_on(self, D, x0, fake, t):
        one = torch.ones_like(t)
        return _penalised_critic_loss(self._on_images(D), x0, fake, torch.zeros_like(t), one, one, self.penalty,
                                      self.critic_reg, self.gp, self.penalty_fraction)

    def _generator_loss_on(self, E_psi, D, x0, x1, t, sample):
        """The generator's loss given its K-step sample (with its graph); D as a function (x, t)."""
        distill = self.teacher_loss(E_psi, x0, x1, t)
        d_fake = self._on_images(D)(sample, torch.zeros_like(t)).mean()
        loss = distill - self.adv_weight * d_fake
        return loss, {"distill": distill.detach(), "d_fake": d_fake.detach()}

    def generator_loss(self, E_psi, D, x0, x1, t):
        return self._generator_loss_on(E_psi, lambda *a: _frozen(D, *a), x0, x1, t,
                                       self.sample(E_psi, x1, self.backprop_steps))

    def joint_losses(self, E_psi, D, x0, x1, t):
        """--simultaneous: one K-step sample serves the critic's update (detached) and the generator's, whose
        critic is a copy of D's weights from before the critic's step; K passes of E_psi fewer per step."""
        sample = self.sample(E_psi, x1, self.backprop_steps)
        loss_c, stats_c = self._critic_loss_on(D, x0, sample.detach(), t)
        loss_g, stats_g = self._generator_loss_on(E_psi, _frozen_module(D), x0, x1, t, sample)
        return loss_c, stats_c, loss_g, stats_g


def make_objective(args, path, critic_reg):
    """The objective a training script's flags ask for (``--objective``), with ``critic_reg`` the
    critic's alpha in the loss's own units (the image scripts scale theirs per pixel)."""
    objective = _objective(args, path, critic_reg)
    if isinstance(objective, _StepGrid):
        objective.batch_step = getattr(args, "step_experts", False)
        if getattr(args, "step_weights", None):
            objective.set_step_weights(args.step_weights)
        objective.huber_c = getattr(args, "distill_huber", 0.0)
    return objective


def _objective(args, path, critic_reg):
    if args.objective == "cgan":
        return ContinuousWGAN(path, lam=args.lam, critic_reg=critic_reg, raw_penalty=args.raw_penalty,
                              f_objective=args.f_objective, f_reg=args.f_reg, critic_form=args.critic_form,
                              fm_weight=getattr(args, "fm_weight", 0.0))
    if args.objective == "discrete":
        return DiscreteWGAN(path, time_steps=args.time_steps, lam=args.lam, penalty=args.penalty,
                            critic_reg=critic_reg, gp=args.gp, ot_weight=args.ot_weight, ot_decay=args.ot_decay,
                            rollout=args.rollout, fm_weight=getattr(args, "fm_weight", 0.0),
                            step_method=args.step_method, distill_weight=getattr(args, "distill_weight", 0.0),
                            penalty_fraction=getattr(args, "penalty_fraction", 1.0),
                            shift=getattr(args, "time_shift", 1.0))
    if args.objective == "adv_distill":
        return AdversarialDistillation(path, time_steps=args.time_steps, lam=args.lam, step_method=args.step_method,
                                       rollout=args.rollout, penalty=args.penalty, critic_reg=critic_reg, gp=args.gp,
                                       adv_weight=args.adv_weight, backprop_steps=args.adv_backprop_steps,
                                       teacher_features=getattr(args, "adv_critic", "conv") == "teacher",
                                       penalty_fraction=getattr(args, "penalty_fraction", 1.0),
                                       shift=getattr(args, "time_shift", 1.0))
    if args.objective == "distill":
        return Distillation(path, time_steps=args.time_steps, lam=args.lam, step_method=args.step_method,
                            rollout=args.rollout, shift=getattr(args, "time_shift", 1.0))
    return FlowMatching(path, lam=args.lam, f_reg=args.f_reg)
