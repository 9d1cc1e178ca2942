"""Post-training (issue 13, item 1): --init-from starts E_psi and its EMA from a checkpoint of any
objective with the same E_psi network; the critic starts fresh; another network is refused with
one line and nothing written; --resume continues the post-training run, not its parent."""

import json
import os

import pytest
import torch

import numpy as np

import train1d
from test_bad_input import IMAGES, TINY, assert_usage_error, run_images
from test_cuda import _randomised
from test_images import write_idx
from test_faults import assert_equal_states
from training import Trainer, list_checkpoints


@pytest.fixture(scope="module")
def parents(tmp_path_factory):
    """Finished 3-step parents: flow matching and the continuous GAN."""
    root = tmp_path_factory.mktemp("parents")
    for objective in ("fm", "cgan"):
        train1d.main([*TINY, "--steps", "3", "--objective", objective, "--out", str(root / objective)])
    return root


def last_state(out):
    return torch.load(list_checkpoints(str(out))[-1], weights_only=True)


@pytest.mark.parametrize("parent, child, weights", [("fm", "cgan", "raw"), ("cgan", "fm", "raw"), ("cgan", "cgan", "raw"),
                                                     ("fm", "cgan", "ema"), ("cgan", "fm", "ema")])
def test_first_step_starts_from_the_parent(parents, parent, child, weights, tmp_path, monkeypatch):
    """At the first training step E_psi (the parent's raw weights, or with --init-weights ema its
    EMA's) and its EMA (weights and update count) are the parent's newest checkpoint's, whatever
    either objective; config.json names that file."""
    seen = []
    train_step = Trainer.train_step

    def record(self, sums):
        if not seen:
            ema = self.ema["E_psi"]
            seen.append(({k: v.clone() for k, v in self.E_psi.state_dict().items()},
                         {"net": {k: v.clone() for k, v in ema.net.state_dict().items()}, "updates": ema.updates}))
        return train_step(self, sums)

    monkeypatch.setattr(Trainer, "train_step", record)
    out = tmp_path / "child"
    train1d.main([*TINY, "--steps", "1", "--objective", child, "--init-from", str(parents / parent),
                  "--init-weights", weights, "--out", str(out)])
    parent_ckpt = list_checkpoints(str(parents / parent))[-1]
    state = torch.load(parent_ckpt, weights_only=True)
    raw, ema = seen[0]
    assert_equal_states(raw, state["nets"]["E_psi"] if weights == "raw" else state["ema"]["E_psi"]["net"])
    assert_equal_states(ema, state["ema"]["E_psi"])
    if weights == "ema":  # a 3-step parent's raw and averaged weights differ, so the choice is seen
        assert any(not torch.equal(v, state["ema"]["E_psi"]["net"][k]) for k, v in state["nets"]["E_psi"].items())
    assert json.loads((out / "config.json").read_text())["init_from"] == parent_ckpt


def test_critic_warmup_keeps_the_parent_and_trains_a_fresh_critic(parents, tmp_path):
    """--critic-warmup 2 of 2 steps: E_psi and its EMA leave the run exactly as they came from the
    flow-matching parent, and the fresh critic was trained (its weights moved from the seed's init)."""
    out = tmp_path / "child"
    train1d.main([*TINY, "--steps", "2", "--critic-warmup", "2", "--init-from", str(parents / "fm"), "--out", str(out)])
    parent, child = last_state(parents / "fm"), last_state(out)
    assert_equal_states(child["nets"]["E_psi"], parent["nets"]["E_psi"])
    assert_equal_states(child["ema"]["E_psi"], parent["ema"]["E_psi"])
    torch.manual_seed(0)
    nets, _, _ = train1d.build(train1d.parse_args([*TINY, "--out", str(tmp_path / "x")]), torch.device("cpu"))
    fresh = nets["score_theta"][0].state_dict()
    assert any(not torch.equal(fresh[k], v) for k, v in child["nets"]["score_theta"].items())


def test_other_network_is_refused(parents, tmp_path, capsys):
    """A parent whose E_psi has another width: one line naming the difference, exit 2, no run folder."""
    line = assert_usage_error(capsys, train1d.main, [*TINY, "--width", "16", "--init-from", parents / "fm",
                                                     "--out", tmp_path / "child"], "another E_psi")
    assert "width 8 there, 16 here" in line
    assert not (tmp_path / "child").exists()
    assert_usage_error(capsys, train1d.main, [*TINY, "--init-from", tmp_path / "nothing", "--out", tmp_path / "child"],
                       "--init-from")
    assert not (tmp_path / "child").exists()
    assert_usage_error(capsys, train1d.main, [*TINY, "--init-weights", "ema", "--out", tmp_path / "child"],
                       "--init-weights ema chooses what --init-from loads")
    assert not (tmp_path / "child").exists()


def test_resume_continues_the_post_training_run(parents, tmp_path):
    """A post-training run stopped at step 2 and resumed (without --init-from) to step 4 ends
    bit-exact with the same run done in one go, and its config.json still names the parent."""
    flags = [*TINY, "--lr-schedule", "constant", "--init-from", str(parents / "fm")]
    train1d.main([*flags, "--steps", "4", "--out", str(tmp_path / "whole")])
    train1d.main([*flags, "--steps", "2", "--out", str(tmp_path / "cut")])
    plain = [*TINY, "--lr-schedule", "constant"]  # --resume ignores --init-from; here it is not even given
    train1d.main([*plain, "--steps", "4", "--out", str(tmp_path / "cut"), "--resume"])
    assert_equal_states(last_state(tmp_path / "whole"), last_state(tmp_path / "cut"))
    config = json.loads((tmp_path / "cut" / "config.json").read_text())
    assert config["init_from"] == list_checkpoints(str(parents / "fm"))[-1]


def test_image_post_training_with_the_grad_critic(tmp_path):
    """Images: a flow-matching parent, then a continuous GAN from it with the scalar critic
    (--critic-form grad) and --critic-reuse; the child starts from the parent's E_psi (one
    critic-only step, so E_psi moved only in the last step) and its config names the parent."""
    (tmp_path / "fmnist").mkdir()
    write_idx(tmp_path / "fmnist" / "train-images-idx3-ubyte",
              np.random.default_rng(0).integers(0, 256, (8, 28, 28), dtype=np.uint8))
    common = [*IMAGES, "--data-dir", tmp_path / "fmnist", "--channel-mult", "1", "2", "--num-res-blocks", "1",
              "--attention-resolutions"]
    run_images([*common, "--objective", "fm", "--steps", "1", "--out", tmp_path / "fm"])
    run_images([*common, "--critic-form", "grad", "--critic-reuse", "--n-critic", "3", "--critic-warmup", "1",
                "--steps", "2", "--init-from", tmp_path / "fm", "--out", tmp_path / "cgan"])
    parent, child = last_state(tmp_path / "fm"), last_state(tmp_path / "cgan")
    assert child["specs"]["score_theta"]["kind"] == "scalar_critic_unet"
    assert child["config"]["init_from"] == list_checkpoints(str(tmp_path / "fm"))[-1]
    assert child["ema"]["E_psi"]["updates"] == parent["ema"]["E_psi"]["updates"] + 1


@pytest.mark.parametrize("form", ["free", "grad"])
def test_critic_init_parent_starts_the_critic_on_the_parents_features(parents, form, tmp_path, monkeypatch):
    """--critic-init parent: at the first step the critic holds the weights E_psi starts from
    (here the parent's EMA), except its output layer, which is zero, so the score starts at 0."""
    seen = []
    train_step = Trainer.train_step

    def record(self, sums):
        if not seen:
            seen.append({k: v.clone() for k, v in self.score_theta.state_dict().items()})
            x, t = torch.randn(5, 1), torch.rand(5)
            seen.append(self.score_theta(x, t) if form == "free" else self.score_theta(x, t).unsqueeze(1))
        return train_step(self, sums)

    monkeypatch.setattr(Trainer, "train_step", record)
    train1d.main([*TINY, "--steps", "1", "--critic-form", form, "--critic-reg", "0.1", "--init-from", str(parents / "fm"),
                  "--init-weights", "ema", "--critic-init", "parent", "--out", str(tmp_path / "child")])
    critic, score = seen
    parent = last_state(parents / "fm")["ema"]["E_psi"]["net"]
    *inner, w, b = critic
    assert (w, b) == ("net.4.weight", "net.4.bias")  # depth 2: Linear, SiLU, Linear, SiLU, Linear
    for k in inner:
        assert torch.equal(critic[k], parent[k]), k
    assert not critic[w].any() and not critic[b].any()
    assert torch.equal(score, torch.zeros(5, 1))


def test_critic_init_parent_on_unets():
    """The image critics (free score UNet, scalar UNet) take every layer of an E_psi UNet of the same
    width but its output convolution, which starts at zero; another width is refused with a reason."""
    from cli import critic_from
    from models import build_network
    spec = dict(in_channels=1, image_size=8, model_channels=8, channel_mult=[1, 2], num_res_blocks=1,
                attention_resolutions=[], head_channels=8)
    E = _randomised(build_network({"kind": "unet", **spec}))  # a trained E_psi: no zero layers
    x, t = torch.randn(3, 1, 8, 8), torch.rand(3)
    for kind in ("critic_unet", "scalar_critic_unet"):
        critic = build_network({"kind": kind, **spec})
        weights, why = critic_from(E.state_dict(), critic)
        assert why is None
        critic.load_state_dict(weights)
        assert not critic(x, t).any()
        critic.out[2].weight.data.copy_(E.out[2].weight.data)  # with E_psi's output layer it is E_psi
        critic.out[2].bias.data.copy_(E.out[2].bias.data)
        if kind == "scalar_critic_unet":
            torch.testing.assert_close(critic(x, t), E(x, t).flatten(1).sum(1))
        else:
            torch.testing.assert_close(critic.raw(x, t), E(x, t))
    wider = build_network({"kind": "critic_unet", **spec, "model_channels": 16})
    weights, why = critic_from(E.state_dict(), wider)
    assert weights is None and "not E_psi's" in why


def test_critic_init_parent_refusals(parents, tmp_path, capsys):
    """A critic of another width, or --critic-init parent without --init-from: one line, exit 2, no run folder."""
    line = assert_usage_error(capsys, train1d.main, [*TINY, "--critic-width", "16", "--init-from", parents / "fm",
                                                     "--critic-init", "parent", "--out", tmp_path / "child"],
                              "--critic-init parent: its layers are not E_psi's")
    assert "--critic-init fresh" in line
    assert not (tmp_path / "child").exists()
    assert_usage_error(capsys, train1d.main, [*TINY, "--critic-init", "parent", "--out", tmp_path / "child"],
                       "--critic-init parent starts the critic from what --init-from loads")
    assert not (tmp_path / "child").exists()
