"""The teacher's step (losses.TeacherStep), --objective distill and --distill-weight: closed forms of
the teacher and of the loss with its derivative, the term added to the discrete objective, and the
scripts end to end (a student that beats its parent at 4 steps, bit-exact resume, bad input)."""

import json
import os
import shutil
import sys

import numpy as np
import pytest
import torch
from torch import nn
from torch.testing import assert_close

import train1d
from losses import DiscreteWGAN, Distillation, TeacherStep
from paths import LinearPath
from test_bad_input import IMAGES, TINY, assert_usage_error, run_images
from test_discrete import LinearCritic
from test_faults import assert_equal_states
from test_images import write_idx
from training import list_checkpoints


class Linear(nn.Module):
    """E(x, t) = a x + c t: a scalar slope a and a vector c."""

    def __init__(self, a, c):
        super().__init__()
        self.a, self.c = nn.Parameter(torch.tensor(float(a))), nn.Parameter(c.clone())

    def forward(self, x, t):
        return self.a * x + t.view(-1, *[1] * (x.dim() - 1)) * self.c


@pytest.fixture
def batch():
    torch.manual_seed(0)
    return torch.randn(6, 3), torch.randn(6, 3), torch.rand(6)


@pytest.mark.parametrize("substeps", [1, 3])
def test_teacher_is_midpoint_and_exact_for_a_field_linear_in_t(substeps, batch):
    """E = a x: each of n midpoint steps of h = dt / n multiplies x by 1 - a h + (a h)^2 / 2. E = c t:
    midpoint is exact for a velocity linear in t, x - c dt (t - dt / 2), whatever n."""
    x, _, t = batch
    dt = 0.25
    a, h = 0.8, dt / substeps
    teacher = TeacherStep(Linear(a, torch.zeros(3)), substeps)
    assert_close(teacher(x, t, dt), x * (1 - a * h + (a * h) ** 2 / 2) ** substeps)
    c = torch.tensor([0.5, -1.0, 2.0])
    teacher = TeacherStep(Linear(0.0, c), substeps)
    assert_close(teacher(x, t, dt), x - c * dt * (t[:, None] - dt / 2))


def test_teacher_converges_to_the_flow():
    """E = a x: with more substeps the teacher's map tends to the flow's exp(-a dt), its error falling
    about 4x per halving of the substep (midpoint's global error is O(h^2))."""
    x, dt, a = torch.ones(1, 1, dtype=torch.float64), 0.5, 1.5
    errors = [abs(TeacherStep(Linear(a, torch.zeros(1)).double(), n)(x, torch.ones(1, dtype=torch.float64), dt).item()
                  - np.exp(-a * dt)) for n in (2, 4, 8, 16)]
    assert all(3.8 < e1 / e2 < 4.8 for e1, e2 in zip(errors, errors[1:])), errors


class Bent(nn.Module):
    """E(x, t) = sin(x) t + x^2 / 4: nonlinear in x and t, so composing steps differs from one long step."""

    def forward(self, x, t):
        return torch.sin(x) * t.view(-1, *[1] * (x.dim() - 1)) + x ** 2 / 4


@pytest.mark.parametrize("step_method", ["euler", "midpoint"])
def test_few_step_parent_teaches_with_its_own_sampler_steps(step_method, batch):
    """A few-step parent (grid = its K and step) teaches with its own sampler: over a student step of dt = 1/2 the
    teacher equals two of the 4-step parent's steps (the parent objective's own step, from t_k then t_k - 1/4), over
    dt = 1 from t = 1 the parent's whole 4-step chain; --distill-substeps plays no part."""
    x, _, _ = batch
    net, parent = Bent(), Distillation(LinearPath(), time_steps=4, step_method=step_method)
    teacher = TeacherStep(net, substeps=7, grid=(4, step_method))
    t_k = torch.tensor([0.5, 1.0, 1.0, 0.5, 1.0, 0.5])
    two = parent.step(net, parent.step(net, x, t_k), t_k - 0.25)
    assert_close(teacher(x, t_k, 0.5), two)
    chain, t = x, torch.ones(6)
    for _ in range(4):
        chain, t = parent.step(net, chain, t), t - 0.25
    assert_close(teacher(x, torch.ones(6), 1.0), chain)
    assert not torch.allclose(teacher(x, torch.ones(6), 1.0), TeacherStep(net, substeps=7)(x, torch.ones(6), 1.0))


def test_progressive_distillation_from_a_few_step_parent(tmp_path, capsys):
    """--init-from a 2-step student: a 1-step student learns from its two steps (the notice says so); a 3-step
    student, whose grid is not on the parent's, is refused with one line and exit 2, and no run folder is left."""
    train1d.main([*TINY, "--objective", "fm", "--steps", "2", "--out", str(tmp_path / "fm")])
    train1d.main([*TINY, "--objective", "distill", "--time-steps", "2", "--init-from", str(tmp_path / "fm"),
                  "--steps", "2", "--out", str(tmp_path / "k2")])
    capsys.readouterr()
    result = train1d.main([*TINY[:-4], "--objective", "distill", "--time-steps", "1", "--init-from", str(tmp_path / "k2"),
                           "--steps", "2", "--out", str(tmp_path / "k1")])
    assert "teacher: the parent's EMA, 2 of its own euler steps per grid step" in capsys.readouterr().out
    assert result["nfe"] == 1 and (tmp_path / "k1" / "checkpoint_0000002.pt").exists()
    assert_usage_error(capsys, train1d.main, [*TINY, "--objective", "distill", "--time-steps", "3", "--init-from",
                                               tmp_path / "k2", "--out", tmp_path / "k3"], "2-step parent")
    assert not (tmp_path / "k3").exists()


@pytest.mark.parametrize("step_method", ["euler", "midpoint"])
def test_distillation_loss_and_its_derivative_in_closed_form(step_method, batch):
    """Student E = b x, teacher E = a x (one midpoint step): the loss is E lam |x_t (g(b) - m)|^2 / dt^2 with
    g(b) = 1 - dt b (Euler) or 1 - dt b + (dt b)^2 / 2 (midpoint) and m = 1 - a dt + (a dt)^2 / 2; its derivative
    in b equals a central finite difference; the teacher gets no gradient."""
    x0, x1, t = batch
    K, a, b = 4, 0.9, 0.3
    obj = Distillation(LinearPath(), time_steps=K, step_method=step_method)
    teacher_net = Linear(a, torch.zeros(3))
    obj.teacher = TeacherStep(teacher_net, 1)
    student = Linear(b, torch.zeros(3)).double()
    loss, stats = obj.generator_loss(student, None, x0.double(), x1.double(), t.double())
    t_k, _ = obj.grid_time(t.double())
    x_t = (1 - t_k[:, None]) * x0.double() + t_k[:, None] * x1.double()
    dt = 1 / K

    def closed(b):
        g = 1 - dt * b + ((dt * b) ** 2 / 2 if step_method == "midpoint" else 0)
        m = 1 - a * dt + (a * dt) ** 2 / 2
        return ((x_t * (g - m)) ** 2).sum(1).mean() / dt ** 2

    assert_close(loss, closed(b))
    assert_close(stats["distill"], closed(b))
    loss.backward()
    eps = 1e-6
    assert_close(student.a.grad, (closed(b + eps) - closed(b - eps)) / (2 * eps), rtol=1e-6, atol=1e-9)
    assert teacher_net.a.grad is None and teacher_net.c.grad is None


@pytest.mark.parametrize("c", [0.05, 1.0])
def test_pseudo_huber_teacher_term_in_closed_form_and_its_limits(c, batch):
    """--distill-huber c: with student E = b x and the teacher E = a x (one Euler step of each) the loss is
    E (sqrt(e + c^2) - c), e = |x_t (a - b)|^2 the squared error of the step's mean velocity; its derivative in b
    equals a central finite difference. As c grows, 2c times the loss tends to the squared loss (1e-4 relative at
    c = 1e4); at c = 0 it is the squared loss itself."""
    x0, x1, t = batch
    K, a, b = 4, 0.9, 0.3
    x0, x1, t = x0.double(), x1.double(), t.double()

    def objective(huber):
        obj = Distillation(LinearPath(), time_steps=K)
        obj.teacher, obj.huber_c = TeacherStep(Linear(a, torch.zeros(3)).double(), 1, grid=(K, "euler")), huber
        return obj

    t_k, _ = objective(c).grid_time(t)
    x_t = (1 - t_k[:, None]) * x0 + t_k[:, None] * x1

    def closed(b):
        return ((x_t.pow(2).sum(1) * (a - b) ** 2 + c ** 2).sqrt() - c).mean()

    student = Linear(b, torch.zeros(3)).double()
    loss, _ = objective(c).generator_loss(student, None, x0, x1, t)
    assert_close(loss, closed(b))
    loss.backward()
    eps = 1e-6
    assert_close(student.a.grad, (closed(b + eps) - closed(b - eps)) / (2 * eps), rtol=1e-6, atol=1e-9)
    squared = objective(0.0).generator_loss(student, None, x0, x1, t)[0]
    assert_close(squared, (x_t.pow(2).sum(1) * (a - b) ** 2).mean())
    assert_close(2e4 * objective(1e4).generator_loss(student, None, x0, x1, t)[0], squared, rtol=1e-4, atol=0)


def test_distill_huber_from_the_command_line(tmp_path, capsys):
    """train1d --distill-huber: recorded in the config and refused, one line and nothing written, without a teacher
    term."""
    train1d.main([*TINY, "--objective", "fm", "--steps", "2", "--out", str(tmp_path / "fm")])
    train1d.main([*TINY, "--objective", "distill", "--distill-huber", "0.1", "--init-from", str(tmp_path / "fm"),
                  "--steps", "2", "--out", str(tmp_path / "student")])
    assert json.loads((tmp_path / "student" / "config.json").read_text())["distill_huber"] == 0.1
    assert_usage_error(capsys, train1d.main, [*TINY, "--objective", "discrete", "--distill-huber", "0.1",
                                               "--out", tmp_path / "bad"], "--objective discrete has none")
    assert not (tmp_path / "bad").exists()


def test_distill_weight_adds_the_teachers_term_to_the_discrete_loss(batch):
    """--distill-weight w: the generator's loss is the plain discrete one plus w times Distillation's loss on the
    same draw, with the critic untouched; without a teacher the term cannot be paid."""
    x0, x1, t = batch
    E, D = Linear(0.2, torch.tensor([0.1, 0.0, -0.3])), LinearCritic(torch.tensor([0.4, -0.2, 0.7]))
    teacher = TeacherStep(Linear(0.5, torch.tensor([0.3, 0.2, 0.1])), 2)
    plain = DiscreteWGAN(LinearPath(), critic_reg=0.1)
    pulled = DiscreteWGAN(LinearPath(), critic_reg=0.1, distill_weight=0.7)
    alone = Distillation(LinearPath())
    pulled.teacher = alone.teacher = teacher
    base, _ = plain.generator_loss(E, D, x0, x1, t)
    total, stats = pulled.generator_loss(E, D, x0, x1, t)
    term, _ = alone.generator_loss(E, None, x0, x1, t)
    assert_close(total, base + 0.7 * term)
    assert_close(stats["distill"], term.detach())
    with pytest.raises(RuntimeError, match="--init-from"):
        DiscreteWGAN(LinearPath(), distill_weight=0.7).generator_loss(E, D, x0, x1, t)


@pytest.mark.parametrize("K", [2, 4])
def test_rollout_takes_the_teachers_target_from_the_students_own_state(K, batch):
    """--objective distill --rollout: the input of step k is the student's sampler state (its K - k steps from
    x1), and the loss is the teacher's error from there, not from the path's x_{t_k}."""
    x0, x1, t = batch
    student, teacher = Linear(0.4, torch.tensor([0.2, -0.1, 0.3])), TeacherStep(Linear(0.9, torch.zeros(3)), 2)
    obj = Distillation(LinearPath(), time_steps=K, rollout=True)
    obj.teacher = teacher
    loss, _ = obj.generator_loss(student, None, x0, x1, t)
    t_k, _ = obj.grid_time(t)
    states = []
    for i in range(len(t)):  # the sampler's chain, one sample at a time
        x, s = x1[i:i + 1], 1.0
        while s > t_k[i].item() + 1e-6:
            x = x - (1 / K) * student(x, torch.tensor([s]))
            s -= 1 / K
        states.append(x)
    x_t = torch.cat(states)
    fake = x_t - (1 / K) * student(x_t, t_k)
    assert_close(loss, ((fake - teacher(x_t, t_k, 1 / K)) ** 2).sum(1).mean() * K ** 2)
    assert not torch.allclose(x_t, (1 - t_k[:, None]) * x0 + t_k[:, None] * x1)


FAST = ["--device", "cpu", "--n-eval", "2000"]


@pytest.fixture(scope="module")
def parent(tmp_path_factory):
    """A 1-D flow-matching parent on trimodal data (default networks, 2000 steps): good with dopri5, poor with
    4 Euler steps (about 0.2 W1/std: the straight step, not the training)."""
    out = tmp_path_factory.mktemp("distill") / "fm"
    result = train1d.main([*FAST, "--objective", "fm", "--steps", "2000", "--out", str(out)])
    return out, result["w1_over_std"]


@pytest.mark.slow
@pytest.mark.parametrize("experts", [[], ["--step-experts"]])
def test_distilled_student_beats_its_parent_at_four_steps(parent, tmp_path, experts):
    """--objective distill from a flow-matching parent, one network or one per step: its 4 Euler steps (NFE 4,
    chosen with no sampling flags) score a W1 well below the parent's own 4 Euler steps and near the parent's
    dopri5 samples."""
    parent, parent_dopri = parent
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools"))
    import few_step_1d
    result = train1d.main([*FAST, "--objective", "distill", "--time-steps", "4", "--init-from", str(parent), *experts,
                           "--init-weights", "ema", "--steps", "500", "--out", str(tmp_path / "student")])
    assert result["nfe"] == 4 and result["solver"] == "euler 4"
    student = few_step_1d.score(str(tmp_path / "student"), [4], 4000)["euler_4"]
    teacher = few_step_1d.score(str(parent), [4], 4000)
    assert student < 0.8 * teacher["euler_4"] and student < 1.15 * parent_dopri, (student, teacher, parent_dopri)


@pytest.mark.parametrize("objective", [["--objective", "distill"], ["--objective", "discrete", "--distill-weight", "0.5"],
                                       ["--objective", "adv_distill", "--adv-backprop-steps", "2"],
                                       ["--objective", "distill", "--step-experts"],
                                       ["--objective", "distill", "--step-experts", "--time-shift", "2", "--rollout"]])
def test_resume_reloads_the_teacher_bit_exact(objective, tmp_path):
    """A run with a teacher stopped at step 2 and resumed (the teacher read again from the parent its config
    names) ends bit-exact with the same run done in one go."""
    flags = [*TINY, "--lr-schedule", "constant", *objective]
    tiny_parent = tmp_path / "fm"
    train1d.main([*TINY, "--objective", "fm", "--steps", "3", "--out", str(tiny_parent)])
    train1d.main([*flags, "--init-from", str(tiny_parent), "--steps", "4", "--out", str(tmp_path / "whole")])
    train1d.main([*flags, "--init-from", str(tiny_parent), "--steps", "2", "--out", str(tmp_path / "cut")])
    train1d.main([*flags, "--steps", "4", "--out", str(tmp_path / "cut"), "--resume"])
    last = [torch.load(list_checkpoints(str(tmp_path / d))[-1], weights_only=True) for d in ("whole", "cut")]
    assert_equal_states(*last)


def test_teacher_needs_a_parent(tmp_path, capsys):
    """No --init-from, --distill-weight on another objective, or a resumed run whose parent is gone: one
    line, exit 2, nothing written."""
    assert_usage_error(capsys, train1d.main, [*TINY, "--objective", "distill", "--out", tmp_path / "a"], "--init-from")
    assert_usage_error(capsys, train1d.main, [*TINY, "--objective", "discrete", "--distill-weight", "1",
                                               "--out", tmp_path / "a"], "--init-from")
    assert_usage_error(capsys, train1d.main, [*TINY, "--objective", "fm", "--distill-weight", "1",
                                               "--out", tmp_path / "a"], "--distill-weight")
    assert_usage_error(capsys, train1d.main, [*TINY, "--objective", "distill", "--path", "learned",
                                               "--out", tmp_path / "a"], "linear path")
    assert not (tmp_path / "a").exists()
    train1d.main([*TINY, "--objective", "fm", "--steps", "2", "--out", str(tmp_path / "fm")])
    train1d.main([*TINY, "--objective", "distill", "--init-from", str(tmp_path / "fm"), "--steps", "2",
                  "--out", str(tmp_path / "student")])
    shutil.rmtree(tmp_path / "fm")
    before = sorted(p.name for p in (tmp_path / "student").iterdir())
    assert_usage_error(capsys, train1d.main, [*TINY, "--objective", "distill", "--steps", "4", "--resume",
                                               "--out", tmp_path / "student"], "teacher")
    assert sorted(p.name for p in (tmp_path / "student").iterdir()) == before


def test_teacher_from_keeps_the_parent_teaching_its_students_child(tmp_path, capsys, monkeypatch):
    """--init-from a distilled student with --teacher-from its flow-matching parent: the teacher holds the parent's
    EMA (with the parent's ODE, not the student's steps), config.json records both files, and --resume reads the
    teacher again from --teacher-from (the student's folder gone) and ends bit-exact with the run done in one go.
    --teacher-from of the --init-from parent itself is the run without it, bit for bit. Refused with one line and
    exit 2, nothing left: no teacher to replace, no --init-from, another network."""
    import cli
    teachers = []
    monkeypatch.setattr(cli, "TeacherStep", lambda net, *a: teachers.append((net, a)) or TeacherStep(net, *a))
    flags = [*TINY, "--lr-schedule", "constant", "--objective", "distill", "--time-steps", "2"]
    train1d.main([*TINY, "--objective", "fm", "--steps", "3", "--out", str(tmp_path / "fm")])
    train1d.main([*flags, "--init-from", str(tmp_path / "fm"), "--steps", "2", "--out", str(tmp_path / "k2")])
    fm_ckpt, k2_ckpt = (list_checkpoints(str(tmp_path / d))[-1] for d in ("fm", "k2"))
    child = [*flags, "--init-from", str(tmp_path / "k2"), "--teacher-from", str(tmp_path / "fm")]
    train1d.main([*child, "--steps", "4", "--out", str(tmp_path / "whole")])
    net, (substeps, grid) = teachers[-1]
    fm_ema = torch.load(fm_ckpt, weights_only=True)["ema"]["E_psi"]["net"]
    assert grid is None and all(torch.equal(v, fm_ema[k]) for k, v in net.state_dict().items())
    config = torch.load(list_checkpoints(str(tmp_path / "whole"))[-1], weights_only=True)["config"]
    assert (config["init_from"], config["teacher_from"]) == (k2_ckpt, fm_ckpt)
    train1d.main([*child, "--steps", "2", "--out", str(tmp_path / "cut")])
    shutil.copytree(tmp_path / "k2", tmp_path / "k2_kept")
    shutil.rmtree(tmp_path / "k2")
    train1d.main([*flags, "--steps", "4", "--out", str(tmp_path / "cut"), "--resume"])
    assert all(torch.equal(v, fm_ema[k]) for k, v in teachers[-1][0].state_dict().items())
    assert_equal_states(*[torch.load(list_checkpoints(str(tmp_path / d))[-1], weights_only=True) for d in ("whole", "cut")])
    # --teacher-from the --init-from parent itself changes nothing
    own = [*flags, "--init-from", str(tmp_path / "fm"), "--steps", "2"]
    train1d.main([*own, "--out", str(tmp_path / "plain")])
    train1d.main([*own, "--teacher-from", str(tmp_path / "fm"), "--out", str(tmp_path / "same")])
    assert_equal_states(*[torch.load(list_checkpoints(str(tmp_path / d))[-1], weights_only=True) for d in ("plain", "same")])
    capsys.readouterr()
    assert_usage_error(capsys, train1d.main, [*TINY, "--objective", "fm", "--init-from", tmp_path / "fm", "--teacher-from",
                                               tmp_path / "fm", "--out", tmp_path / "a"], "--teacher-from")
    assert_usage_error(capsys, train1d.main, [*flags, "--teacher-from", tmp_path / "fm", "--out", tmp_path / "a"],
                       "give --init-from too")
    wide = [*TINY, "--objective", "fm", "--steps", "1", "--width", "16", "--out", str(tmp_path / "wide")]
    train1d.main(wide)
    assert_usage_error(capsys, train1d.main, [*flags, "--init-from", tmp_path / "fm", "--teacher-from", tmp_path / "wide",
                                               "--out", tmp_path / "a"], "--teacher-from")
    assert not (tmp_path / "a").exists()


@pytest.mark.slow
def test_image_distillation_runs_from_a_parent(tmp_path):
    """Images: a flow-matching parent, then --objective distill (one network, or --step-experts on a --time-shift grid), --objective discrete --distill-weight and
    --objective adv_distill (either critic) from it; each writes checkpoints whose config names the parent and samples with K steps,
    and the run with the critic on the teacher's features resumes bit-exact."""
    (tmp_path / "fmnist").mkdir()
    write_idx(tmp_path / "fmnist" / "train-images-idx3-ubyte",
              np.random.default_rng(0).integers(0, 256, (8, 28, 28), dtype=np.uint8))
    common = [*IMAGES[:6], *IMAGES[10:],  # without --grid-ode-*: the runs' own K steps
               "--data-dir", tmp_path / "fmnist", "--channel-mult", "1", "2",
              "--num-res-blocks", "1", "--attention-resolutions"]
    run_images([*common, "--objective", "fm", "--steps", "1", "--out", tmp_path / "fm"])
    parent_ckpt = list_checkpoints(str(tmp_path / "fm"))[-1]
    for name, flags in (("ds", ["--objective", "distill"]), ("de", ["--objective", "distill", "--step-experts", "--time-shift", "2"]),
                        ("dd", ["--objective", "discrete", "--distill-weight", "0.2", "--critic-warmup", "1"]),
                        ("ad", ["--objective", "adv_distill", "--critic-warmup", "1"]),
                        ("at", ["--objective", "adv_distill", "--adv-critic", "teacher", "--critic-warmup", "1"])):
        run_images([*common, *flags, "--time-steps", "2", "--steps", "2", "--init-from", tmp_path / "fm",
                    "--out", tmp_path / name])
        state = torch.load(list_checkpoints(str(tmp_path / name))[-1], weights_only=True)
        assert state["config"]["init_from"] == parent_ckpt
        assert (tmp_path / name / "samples_ema_0000002.png").stat().st_size > 0
    # the critic on the teacher's features: stopped at step 2 and resumed (the teacher read again), bit-exact
    teacher_critic = ["--objective", "adv_distill", "--adv-critic", "teacher", "--critic-warmup", "1", "--time-steps", "2",
                      "--lr-schedule", "constant", "--init-from", tmp_path / "fm"]
    run_images([*common, *teacher_critic, "--steps", "3", "--out", tmp_path / "at_whole"])
    run_images([*common, *teacher_critic, "--steps", "2", "--out", tmp_path / "at_cut"])
    run_images([*common, *teacher_critic, "--steps", "3", "--out", tmp_path / "at_cut", "--resume"])
    assert_equal_states(*[torch.load(list_checkpoints(str(tmp_path / d))[-1], weights_only=True) for d in ("at_whole", "at_cut")])


def test_few_step_1d_counts_the_ancestors_cpu_seconds(tmp_path, monkeypatch, capsys):
    """tools/few_step_1d.py: a run with --init-from a row of the same runs.jsonl records that row's name and its own
    CPU seconds plus all its ancestors' (a budget counts every stage: fm, a 2-step student, a 1-step student of that
    one), and the table prints them."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools"))
    import few_step_1d
    flags = [a for a in TINY if a not in ("--device", "cpu")]
    out = str(tmp_path)
    for name, extra in (("fm", ["--objective", "fm", "--steps", "3"]),
                        ("k2", ["--objective", "distill", "--time-steps", "2", "--init-from", str(tmp_path / "fm"),
                                "--steps", "2"]),
                        ("k1", ["--objective", "distill", "--time-steps", "1", "--init-from", "k2", "--steps", "2"])):
        monkeypatch.chdir(tmp_path)  # k1 names its parent as the queue does, relative to the folder it runs in
        monkeypatch.setattr(sys, "argv", ["few_step_1d.py", "--out", out, "--name", name, "--nfe", "2", "--n", "200",
                                          "--", *flags, *extra])
        few_step_1d.main()
    fm, k2, k1 = [json.loads(line) for line in open(tmp_path / "runs.jsonl")]
    assert "parent" not in fm and (k2["parent"], k1["parent"]) == ("fm", "k2")
    assert k2["total_cpu_s"] == pytest.approx(fm["cpu_s"] + k2["cpu_s"], abs=0.11)
    assert k1["total_cpu_s"] == pytest.approx(fm["cpu_s"] + k2["cpu_s"] + k1["cpu_s"], abs=0.11)
    capsys.readouterr()
    monkeypatch.chdir(tmp_path.parent)  # the table read from elsewhere (the records in results/) finds k2 all the same
    few_step_1d.table(out)
    lines = capsys.readouterr().out.splitlines()
    assert f"| {k1['total_cpu_s']:.0f} (k2) |" in [l for l in lines if l.startswith("| k1 ")][0]


def test_step_experts_start_as_copies_of_the_parent_and_learn_from_it(tmp_path, capsys, monkeypatch):
    """--step-experts --init-from a one-network parent: each expert starts as the parent (raw weights, and the EMA's),
    so with lr 0 the student is the parent at every t and its EMA after one update (decay 0.2) the parent's EMA
    moved 0.8 of the way to its raw weights; the teacher is one network holding the parent's EMA;
    the checkpoint rebuilds the experts from its spec. A parent of another width is refused with one line, exit 2,
    nothing written."""
    import cli
    from models import build_network
    teachers = []
    monkeypatch.setattr(cli, "TeacherStep", lambda net, *a: teachers.append(net) or TeacherStep(net, *a))
    train1d.main([*TINY, "--objective", "fm", "--steps", "3", "--out", str(tmp_path / "fm")])
    fm = torch.load(list_checkpoints(str(tmp_path / "fm"))[-1], weights_only=True)
    train1d.main([*TINY, "--objective", "distill", "--time-steps", "4", "--step-experts", "--init-from", str(tmp_path / "fm"),
                  "--lr", "0", "--ema-decay", "0.2", "--steps", "1", "--out", str(tmp_path / "student")])
    state = torch.load(list_checkpoints(str(tmp_path / "student"))[-1], weights_only=True)
    spec = state["specs"]["E_psi"]
    assert spec == {"kind": "step_experts", "spec": fm["specs"]["E_psi"], "experts": 4}
    parent, student = build_network(fm["specs"]["E_psi"]), build_network(spec)
    parent.load_state_dict(fm["nets"]["E_psi"])
    student.load_state_dict(state["nets"]["E_psi"])
    x, t = torch.randn(64, 1), torch.rand(64)
    assert_close(student(x, t), parent(x, t))
    raw, ema = fm["nets"]["E_psi"], fm["ema"]["E_psi"]["net"]
    assert all(torch.allclose(v, 0.2 * ema[k.split(".", 2)[2]] + 0.8 * raw[k.split(".", 2)[2]])
               for k, v in state["ema"]["E_psi"]["net"].items())
    parent.load_state_dict(ema)
    assert isinstance(teachers[-1], type(parent))
    assert all(torch.equal(v, fm["ema"]["E_psi"]["net"][k]) for k, v in teachers[-1].state_dict().items())
    capsys.readouterr()
    train1d.main([*TINY, "--objective", "fm", "--steps", "1", "--width", "16", "--out", str(tmp_path / "wide")])
    assert_usage_error(capsys, train1d.main, [*TINY, "--objective", "distill", "--step-experts", "--init-from", tmp_path / "wide",
                                               "--out", tmp_path / "a"], "width 16 there, 8 here")
    assert not (tmp_path / "a").exists()


def test_teacher_takes_its_substeps_per_grid_step(batch):
    """--distill-substeps with one value per grid step (sampler's order, from t = 1): each sample of a mixed batch is
    solved with its own step's count, as a teacher of that one count would solve it, and a one-step batch as well."""
    x0, x1, _ = batch
    net = Linear(0.9, torch.tensor([0.3, -0.2, 0.1]))
    obj = Distillation(LinearPath(), time_steps=3)
    obj.teacher = TeacherStep(net, [4, 1, 2])
    t_k = torch.tensor([1.0, 2 / 3, 1 / 3, 1.0, 1 / 3, 2 / 3])
    k = torch.round(t_k * 3)
    x_t = (1 - t_k[:, None]) * x0 + t_k[:, None] * x1
    got = obj.teacher(x_t, t_k, 1 / 3, k)
    for i, n in enumerate([4, 1, 2, 4, 2, 1]):
        assert_close(got[i:i + 1], TeacherStep(net, n)(x_t[i:i + 1], t_k[i:i + 1], 1 / 3))
    assert_close(obj.teacher(x_t[:1].expand(4, 3), t_k[:1].expand(4), 1 / 3, k[:1].expand(4)),
                 TeacherStep(net, 4)(x_t[:1].expand(4, 3), t_k[:1].expand(4), 1 / 3))
    assert not torch.allclose(got[0], TeacherStep(net, 1)(x_t[:1], t_k[:1], 1 / 3)[0])  # the counts matter here
    loss, _ = obj.generator_loss(Linear(0.3, torch.zeros(3)), None, x0, x1, t_k - 0.1)  # the loss passes each k on
    t_k, _ = obj.grid_time(t_k - 0.1)
    expected = obj.teacher(x_t, t_k, 1 / 3, k)
    assert_close(loss, ((x_t - (1 / 3) * 0.3 * x_t - expected) ** 2).sum(1).mean() * 9)


def test_substeps_per_grid_step_from_the_command_line(tmp_path, capsys):
    """--distill-substeps 2 1 with --time-steps 2: the config holds the list and the run says which teacher it got;
    one value is stored as that number; a count that is neither 1 nor K is one error line and no folder."""
    train1d.main([*TINY, "--objective", "fm", "--steps", "2", "--out", str(tmp_path / "fm")])
    capsys.readouterr()
    train1d.main([*TINY, "--objective", "distill", "--time-steps", "2", "--distill-substeps", "2", "1", "--init-from",
                  str(tmp_path / "fm"), "--steps", "2", "--out", str(tmp_path / "d21")])
    assert "its ODE solved with 2 / 1 midpoint steps per grid step" in capsys.readouterr().out
    assert json.loads((tmp_path / "d21" / "config.json").read_text())["distill_substeps"] == [2, 1]
    train1d.main([*TINY, "--objective", "distill", "--time-steps", "2", "--distill-substeps", "3", "--init-from",
                  str(tmp_path / "fm"), "--steps", "1", "--out", str(tmp_path / "d3")])
    assert json.loads((tmp_path / "d3" / "config.json").read_text())["distill_substeps"] == 3
    assert_usage_error(capsys, train1d.main, [*TINY, "--objective", "distill", "--time-steps", "2", "--distill-substeps",
                                               "1", "1", "1", "--init-from", tmp_path / "fm", "--out", tmp_path / "bad"],
                       "one per grid step")
    assert not (tmp_path / "bad").exists()
