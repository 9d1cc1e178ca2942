"""--step-weights w_K ... w_1: the few-step objectives draw grid step k with probability w_k / sum(w) instead of 1 / K
(losses._StepGrid.set_step_weights). Uniform weights draw exactly the default's steps; the draws follow the weights
per sample and per batch (--step-experts), on the uniform and the shifted grid; an expert of weight 0 is never
trained; the flag is refused where it means nothing."""

import json

import pytest
import torch

import train1d
from training import list_checkpoints
from losses import DiscreteWGAN, Distillation
from paths import LinearPath
from test_bad_input import TINY, assert_usage_error


def frequencies(obj, t_k, times):
    """The share of each grid time in t_k, in the sampler's order (t = 1 first)."""
    return [float((t_k == t).double().mean()) for t in times]


def test_uniform_weights_draw_the_default_steps_exactly():
    t = torch.rand(10_000, dtype=torch.float64)
    plain, weighted = Distillation(LinearPath(), time_steps=4), Distillation(LinearPath(), time_steps=4)
    weighted.set_step_weights([2.0, 2.0, 2.0, 2.0])
    for a, b in zip(plain.grid_time(t), weighted.grid_time(t)):
        assert torch.equal(a, b)


@pytest.mark.parametrize("shift", [1.0, 2.0])
@pytest.mark.parametrize("batch_step", [False, True])
def test_draws_follow_the_weights_in_the_samplers_order(shift, batch_step):
    """Weights 3 0 1 4 (the step from t = 1 first): the grid times t_4 = 1, t_3, t_2, t_1 come 3/8, 0, 1/8 and 4/8 of
    the time, each with its own t_{k-1}; with batch_step every batch takes one step."""
    obj = DiscreteWGAN(LinearPath(), time_steps=4, shift=shift)
    obj.batch_step = batch_step
    obj.set_step_weights([3, 0, 1, 4])
    times = [float(obj.time_at(k)) for k in (4, 3, 2, 1)]
    torch.manual_seed(0)
    draws = [obj.grid_time(torch.rand(8, dtype=torch.float64)) for _ in range(5000)]
    t_k, t_prev = torch.cat([d[0] for d in draws]), torch.cat([d[1] for d in draws])
    if batch_step:
        assert all(bool((d[0] == d[0][0]).all()) for d in draws)
    assert frequencies(obj, t_k, times) == pytest.approx([3 / 8, 0, 1 / 8, 4 / 8], abs=0.02)
    assert torch.equal(t_prev, obj.time_at(obj.index_at(t_k) - 1))


def test_weights_are_checked():
    obj = Distillation(LinearPath(), time_steps=3)
    for bad, match in [([1, 1], "one weight per grid step"), ([0, 0, 0], "sum > 0"), ([1, -1, 1], ">= 0")]:
        with pytest.raises(ValueError, match=match):
            obj.set_step_weights(bad)


def test_an_expert_of_weight_zero_keeps_the_parents_weights(tmp_path, capsys):
    """train1d --objective distill --step-experts --step-weights 1 1 0: three updates train the experts of the first two
    steps and leave the last step's (expert 0, t in (0, 1/3]) as the parent; the config records the weights. Wrong
    lengths, an all-zero or negative list and objectives without a grid are refused, one line, nothing written."""
    train1d.main([*TINY, "--objective", "fm", "--steps", "2", "--out", str(tmp_path / "fm")])
    train1d.main([*TINY, "--objective", "distill", "--time-steps", "3", "--step-experts", "--step-weights", "1", "1", "0",
                  "--init-from", str(tmp_path / "fm"), "--steps", "3", "--out", str(tmp_path / "student")])
    assert json.loads((tmp_path / "student" / "config.json").read_text())["step_weights"] == [1.0, 1.0, 0.0]
    parent = torch.load(list_checkpoints(str(tmp_path / "fm"))[-1], weights_only=True)["nets"]["E_psi"]
    student = torch.load(list_checkpoints(str(tmp_path / "student"))[-1], weights_only=True)["nets"]["E_psi"]
    for i in range(3):
        same = all(torch.equal(v, parent[k.split(".", 2)[2]]) for k, v in student.items() if k.startswith(f"experts.{i}."))
        assert same == (i == 0), i
    for flags, match in [(["--objective", "distill", "--time-steps", "3", "--step-weights", "1", "1"], "one weight per"),
                         (["--objective", "distill", "--step-weights", "0", "0", "0", "0"], "sum > 0"),
                         (["--objective", "fm", "--step-weights", "1", "1", "1", "1"], "--objective fm has none"),
                         (["--objective", "distill", "--step-weights", "1", "-1", "1", "1"], "--step-weights")]:
        assert_usage_error(capsys, train1d.main, [*TINY, *flags, "--init-from", tmp_path / "fm", "--out", tmp_path / "bad"],
                           match)
    assert not (tmp_path / "bad").exists()
