"""Bad input: one 'error:' line on stderr, exit status 2, no traceback, and nothing written or
overwritten. The scripts run in-process (main(argv)), so each case takes a fraction of a second;
test_train1d.py and test_images.py run the same checks as a subprocess for a few cases."""

import json
import os
import shutil

import numpy as np
import pytest
import torch

import distributed
import image_run
import train1d
import train_images_simple
from test_images import write_cifar, write_idx
from training import list_checkpoints

TINY = ["--device", "cpu", "--width", "8", "--critic-width", "8", "--depth", "2", "--critic-depth", "2",
        "--batch-size", "16", "--n-eval", "100", "--ode-method", "euler", "--ode-steps", "2"]
IMAGES = ["--device", "cpu", "--model-channels", "8", "--batch-size", "2", "--grid-ode-method", "euler",
          "--grid-ode-steps", "2", "--no-download", "--dataset", "fashion_mnist"]


def run_images(argv):
    return image_run.main("train_images_simple", "linear", train_images_simple.build_path, [str(a) for a in argv])


def snapshot(folder):
    """Every file below ``folder``: its bytes and modification time."""
    return {os.path.join(d, n): (open(os.path.join(d, n), "rb").read(), os.stat(os.path.join(d, n)).st_mtime_ns)
            for d, _, names in os.walk(folder) for n in names}


def assert_usage_error(capsys, main, argv, match=""):
    """main(argv) exits 2 with exactly one line on stderr, 'error: ...' containing ``match``."""
    capsys.readouterr()
    with pytest.raises(SystemExit) as e:
        main([str(a) for a in argv])
    assert e.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:") and match in err[0], err
    return err[0]


@pytest.fixture(scope="module")
def done_run(tmp_path_factory):
    """A finished 2-step train1d run (its folder is copied by the tests that need one)."""
    out = tmp_path_factory.mktemp("done") / "run"
    train1d.main([*TINY, "--steps", "2", "--out", str(out)])
    return out


@pytest.fixture
def run_copy(done_run, tmp_path):
    out = tmp_path / "run"
    shutil.copytree(done_run, out)
    return out


@pytest.mark.parametrize("flags, match", [
    (["--no-such-flag"], "unrecognized arguments: --no-such-flag"),
    (["--steps", "0"], "--steps: must be >= 1"),
    (["--ema-decay", "1.5"], "--ema-decay: must be in [0, 1)"),
    (["--betas", "1.5", "0.9"], "--betas: must be in [0, 1)"),
    (["--lr", "nan"], "--lr: must be >= 0"),
    (["--data", "imagenet"], "invalid choice: 'imagenet'"),
    (["--time-dim", "7"], "--time-dim must be even"),
    (["--objective", "fm", "--fm-weight", "0.1"], "--fm-weight adds flow matching's loss to --objective cgan's or discrete's"),
    (["--path", "learned", "--f-objective", "adversarial", "--no-simultaneous", "--fm-weight", "0.1"],
     "with --path learned it needs --f-objective variance"),
    (["--objective", "discrete", "--rollout", "--fm-weight", "0.1"], "--rollout feeds the sampler's own state"),
    (["--compile-mode", "reduce-overhead"], "--compile-mode reduce-overhead chooses how --compile compiles"),
    (["--penalty-fraction", "0"], "--penalty-fraction: must be in (0, 1]"),
], ids=["unknown-flag", "steps-0", "ema-decay", "betas", "lr-nan", "unknown-1d-target", "odd-time-dim", "fm-weight-fm",
        "fm-weight-adversarial-F", "fm-weight-rollout", "compile-mode-alone", "penalty-fraction-0"])
def test_bad_flags(flags, match, tmp_path, capsys):
    """Unknown flags and values out of range: argparse's error is one line too; no run folder."""
    assert_usage_error(capsys, train1d.main, [*TINY, *flags, "--out", tmp_path / "run"], match)
    assert not (tmp_path / "run").exists()


def test_batch_size_must_split_among_processes(tmp_path, capsys, monkeypatch):
    """--batch-size is the global batch: 16 cannot be split among 3 processes (as torchrun would start)."""
    monkeypatch.setattr(distributed, "world_size", lambda: 3)
    assert_usage_error(capsys, train1d.main, [*TINY, "--out", tmp_path / "run"], "must divide evenly among 3 processes")
    assert not (tmp_path / "run").exists()


def test_simultaneous_refuses_the_adversarial_F_objective(tmp_path, capsys):
    """The image scripts update simultaneously by default; the write-up's F_phi objective needs
    alternating updates, and the error says which flag to add. With it the flags are accepted."""
    argv = [*TINY, "--path", "learned", "--f-objective", "adversarial", "--out", tmp_path / "run"]
    assert_usage_error(capsys, train1d.main, [*argv, "--simultaneous"], "add --no-simultaneous")
    assert not (tmp_path / "run").exists()
    assert train1d.main([str(a) for a in [*argv, "--no-simultaneous", "--steps", "1"]]) is not None


def test_unknown_image_dataset(tmp_path, capsys):
    assert_usage_error(capsys, run_images, [*IMAGES, "--dataset", "imagenet", "--out", tmp_path / "run"],
                       "invalid choice: 'imagenet'")
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize("values, match", [
    (np.array([0.0, np.nan, 1.0]), "values must be finite"),
    (np.zeros((3, 3)), "expected a 1-D array of samples, got shape (3, 3)"),
    (None, "no such file"),
], ids=["nan", "wrong-shape", "missing"])
def test_bad_data_file(values, match, tmp_path, capsys):
    """--data-file with NaN, of the wrong shape, or missing."""
    path = tmp_path / "data.npy"
    if values is not None:
        np.save(path, values)
    assert_usage_error(capsys, train1d.main, [*TINY, "--data-file", path, "--out", tmp_path / "run"], match)
    assert not (tmp_path / "run").exists()


def test_truncated_fashion_mnist(tmp_path, capsys):
    """An idx file cut short: the header's shape disagrees with the file's size."""
    (tmp_path / "fmnist").mkdir()
    write_idx(tmp_path / "fmnist" / "train-images-idx3-ubyte", np.zeros((10, 28, 28), dtype=np.uint8))
    path = tmp_path / "fmnist" / "train-images-idx3-ubyte"
    path.write_bytes(path.read_bytes()[:3000])
    assert_usage_error(capsys, run_images, [*IMAGES, "--data-dir", tmp_path / "fmnist", "--out", tmp_path / "run"],
                       "file size disagrees")
    assert not (tmp_path / "run").exists()


def test_truncated_cifar10(tmp_path, capsys):
    """A CIFAR-10 pickle cut short."""
    write_cifar(tmp_path / "cifar" / "cifar-10-batches-py")
    path = tmp_path / "cifar" / "cifar-10-batches-py" / "data_batch_3"
    path.write_bytes(path.read_bytes()[:1000])
    assert_usage_error(capsys, run_images, [*IMAGES, "--dataset", "cifar10", "--data-dir", tmp_path / "cifar",
                                            "--out", tmp_path / "run"], "unreadable")
    assert not (tmp_path / "run").exists()


def test_bad_device(tmp_path, capsys):
    if torch.cuda.device_count() > 3:
        pytest.skip("this machine has a cuda:3")
    assert_usage_error(capsys, train1d.main, [*TINY, "--device", "cuda:3", "--out", tmp_path / "run"], "cuda:3")
    assert not (tmp_path / "run").exists()


def test_unwritable_out(tmp_path, capsys):
    """--out below a regular file cannot be created (tests run as root: chmod would not stop it)."""
    (tmp_path / "file").write_text("keep")
    assert_usage_error(capsys, train1d.main, [*TINY, "--out", tmp_path / "file" / "run"], "cannot write run directory")
    assert (tmp_path / "file").read_text() == "keep"


def test_folder_of_a_different_run(run_copy, tmp_path, capsys):
    """A folder holding another run: refused without --resume, with checkpoints or (none left) with
    a config.json of other flags; nothing in it changes."""
    before = snapshot(run_copy)
    assert_usage_error(capsys, train1d.main, [*TINY, "--steps", "2", "--out", run_copy], "already holds a run")
    for path in list_checkpoints(str(run_copy)):
        os.remove(path)
    before = snapshot(run_copy)
    assert_usage_error(capsys, train1d.main, [*TINY, "--steps", "2", "--lr", "0.5", "--out", run_copy],
                       "holds a different run (config.json differs in lr)")
    assert snapshot(run_copy) == before


def test_resume_refusals_write_nothing(run_copy, tmp_path, capsys):
    """--resume with other network sizes, from another script's checkpoint, from a corrupt
    checkpoint, or in a folder without one: refused, and config.json and the rest stay as they were."""
    before = snapshot(run_copy)
    assert_usage_error(capsys, train1d.main, [*TINY, "--width", "16", "--steps", "4", "--out", run_copy, "--resume"],
                       "other sizes")
    assert snapshot(run_copy) == before

    (tmp_path / "fmnist").mkdir()
    write_idx(tmp_path / "fmnist" / "train-images-idx3-ubyte", np.zeros((4, 28, 28), dtype=np.uint8))
    assert_usage_error(capsys, run_images, [*IMAGES, "--data-dir", tmp_path / "fmnist", "--out", run_copy, "--resume"],
                       "was written by train1d, not train_images_simple")
    assert snapshot(run_copy) == before

    for path in list_checkpoints(str(run_copy)):
        with open(path, "r+b") as f:
            f.truncate(100)
    before = snapshot(run_copy)
    assert_usage_error(capsys, train1d.main, [*TINY, "--steps", "4", "--out", run_copy, "--resume"],
                       "no readable checkpoint")
    assert snapshot(run_copy) == before

    assert_usage_error(capsys, train1d.main, [*TINY, "--out", tmp_path / "empty", "--resume"], "no readable checkpoint")
    assert not (tmp_path / "empty").exists()


def test_same_flags_start_again(run_copy, capsys):
    """A folder with this run's config.json and no checkpoint (killed before its first save) is the
    same run: the same command starts it again."""
    for path in list_checkpoints(str(run_copy)):
        os.remove(path)
    config = json.loads((run_copy / "config.json").read_text())
    train1d.main([*TINY, "--steps", "2", "--out", str(run_copy)])
    assert json.loads((run_copy / "config.json").read_text()) == {**config, "out": str(run_copy)}
    assert [os.path.basename(p) for p in list_checkpoints(str(run_copy))] == ["checkpoint_0000002.pt"]
