"""Checkpoints are data, not code (issue 13, item 6): every load is torch.load(weights_only=True);
a file whose pickle would run code is refused with one line before anything runs; contgan's own
checkpoints, new and written the old way (numpy RNG state as an ndarray), still load and resume."""

import os
import random

import numpy as np
import pytest
import torch

import evaluate
import train1d
from test_bad_input import TINY, assert_usage_error, done_run, run_copy, snapshot  # noqa: F401 - fixtures
from training import list_checkpoints, load_checkpoint, rng_state, set_rng_state


class RunsCode:
    """Unpickling this object calls exec(code): what a hostile checkpoint can do with weights_only=False."""

    def __init__(self, code):
        self.code = code

    def __reduce__(self):
        return (exec, (self.code,))


def plant_hostile(path, marker):
    """Replace the checkpoint at ``path`` by the same state plus an object whose unpickling writes ``marker``."""
    state = torch.load(path, weights_only=True)
    state["extra"]["payload"] = RunsCode(f"open({str(marker)!r}, 'w').write('ran')")
    torch.save(state, path)


def test_new_checkpoints_hold_only_data(done_run):
    """A checkpoint written now loads with plain torch.load(weights_only=True), no allow-list;
    the RNG state round-trips (numpy's as a tensor of its 624 keys)."""
    state = torch.load(list_checkpoints(str(done_run))[-1], weights_only=True)
    assert state["script"] == "train1d" and isinstance(state["rng"][0]["numpy"]["keys"], torch.Tensor)
    np.random.seed(3), random.seed(3), torch.manual_seed(3)
    saved = rng_state()
    expect = (np.random.rand(4), random.random(), torch.rand(4))
    np.random.seed(4), random.seed(4), torch.manual_seed(4)
    set_rng_state(saved)
    got = (np.random.rand(4), random.random(), torch.rand(4))
    assert np.array_equal(expect[0], got[0]) and expect[1] == got[1] and torch.equal(expect[2], got[2])


@pytest.mark.parametrize("device", ["cpu", pytest.param("cuda", marks=pytest.mark.skipif(
    not torch.cuda.is_available(), reason="no CUDA device"))])
def test_resume_on_the_training_device_is_bit_exact(device, tmp_path):
    """Two steps, a checkpoint loaded the way --resume loads it (map_location = the training device:
    on CUDA the RNG states arrive as CUDA tensors, which set_rng_state once refused with a
    traceback), two more steps: the weights equal four steps in one go, bit for bit."""
    import argparse

    import bench

    def trainer(out):
        args = argparse.Namespace(device=device, dataset="fashion_mnist", sizes="tiny", extra="")
        torch.manual_seed(0)
        os.makedirs(out, exist_ok=True)
        return bench.case_trainer(args, "cgan", torch.device(device), run_dir=out, n_images=64)

    def steps(tr, n):
        for _ in range(n):
            tr.train_step({})
            tr.step += 1

    straight = trainer(str(tmp_path / "a"))
    steps(straight, 4)
    first = trainer(str(tmp_path / "b"))
    steps(first, 2)
    first.save()
    torch.manual_seed(123)  # the resumed run must not depend on the process's RNG before the load
    resumed = trainer(str(tmp_path / "b"))
    state = load_checkpoint(list_checkpoints(str(tmp_path / "b"))[-1], map_location=resumed.device)
    assert state["rng"][0]["torch"].device.type == torch.device(device).type
    resumed.load_state_dict(state)
    steps(resumed, 2)
    for name, net in straight.nets.items():
        for p, q in zip(net.parameters(), resumed.nets[name].parameters()):
            assert torch.equal(p, q), name


def test_hostile_checkpoint_is_refused_by_resume(run_copy, tmp_path, capsys):
    """train1d --resume on a checkpoint whose pickle would run code: one 'error:' line naming the
    refused global, exit 2, the code never ran, and the run folder is unchanged."""
    marker = tmp_path / "marker"
    plant_hostile(list_checkpoints(str(run_copy))[-1], marker)
    before = snapshot(run_copy)
    line = assert_usage_error(capsys, train1d.main, [*TINY, "--steps", "4", "--out", run_copy, "--resume"],
                              "no readable checkpoint")
    assert "refused" in line and "exec" in line, line
    assert not marker.exists()
    assert snapshot(run_copy) == before


def test_hostile_checkpoint_is_refused_by_evaluate(run_copy, tmp_path, capsys):
    """evaluate.py on the same kind of file, given as a file and as a run folder: refused, code not run."""
    marker = tmp_path / "marker"
    ckpt = list_checkpoints(str(run_copy))[-1]
    plant_hostile(ckpt, marker)
    assert_usage_error(capsys, evaluate.main, [ckpt, "--device", "cpu", "--n", "10"], "refused")
    assert_usage_error(capsys, evaluate.main, [run_copy, "--device", "cpu", "--n", "10"], "no readable checkpoint")
    assert not marker.exists()
    assert not (run_copy / "eval.jsonl").exists()


def test_hostile_checkpoint_is_refused_by_init_from(run_copy, tmp_path, capsys):
    """--init-from a hostile checkpoint: refused, code not run, no run folder."""
    marker = tmp_path / "marker"
    ckpt = list_checkpoints(str(run_copy))[-1]
    plant_hostile(ckpt, marker)
    assert_usage_error(capsys, train1d.main, [*TINY, "--steps", "2", "--init-from", ckpt, "--out", tmp_path / "child"],
                       "refused")
    assert not marker.exists() and not (tmp_path / "child").exists()


def write_old_format(path):
    """Rewrite a checkpoint as contgan wrote them before this change: numpy's RNG state as the
    tuple np.random.get_state() returns (an ndarray inside), pickled with the rest."""
    state = torch.load(path, weights_only=True)
    for rng in state["rng"]:
        d = rng["numpy"]
        rng["numpy"] = (d["name"], d["keys"].numpy().astype(np.uint32), d["pos"], d["has_gauss"], d["cached_gaussian"])
    torch.save(state, path)
    with pytest.raises(Exception):
        torch.load(path, weights_only=True)  # really the old format: plain weights_only refuses it
    return state


def test_old_checkpoints_still_load_and_resume(run_copy, capsys):
    """A checkpoint written the old way loads (only numpy's array allow-listed), restores the same
    numpy RNG state, and --resume continues from it."""
    ckpt = list_checkpoints(str(run_copy))[-1]
    old = write_old_format(ckpt)
    state = load_checkpoint(ckpt)
    assert np.array_equal(state["rng"][0]["numpy"][1], old["rng"][0]["numpy"][1])
    set_rng_state(state["rng"][0])
    assert np.array_equal(np.random.get_state()[1], old["rng"][0]["numpy"][1])
    assert train1d.main([*map(str, TINY), "--steps", "3", "--out", str(run_copy), "--resume"]) is not None
    assert "resumed from" in capsys.readouterr().out
    assert [os.path.basename(p) for p in list_checkpoints(str(run_copy))][-1] == "checkpoint_0000003.pt"
