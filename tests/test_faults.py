"""Runs that survive faults: a run killed with SIGKILL and resumed ends bit-exact with an
uninterrupted one; SIGTERM and SIGINT save and exit; non-finite losses or weights stop the run at
the step they appear (or are skipped and counted); the newest readable checkpoint is found."""

import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
import torch

import train1d
from training import EXIT_DIVERGED, Trainer, checkpoint_step, latest_checkpoint, list_checkpoints

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TINY = ["--device", "cpu", "--width", "8", "--critic-width", "8", "--depth", "2", "--critic-depth", "2",
        "--batch-size", "32", "--n-eval", "200", "--ode-method", "euler", "--ode-steps", "4"]


def start_train1d(*args):
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.Popen([sys.executable, "train1d.py", *map(str, args)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(condition, proc, timeout=120):
    deadline = time.time() + timeout
    while not condition():
        assert proc.poll() is None, proc.communicate()
        assert time.time() < deadline, "timed out"
        time.sleep(0.005)


def final_state(out):
    return torch.load(list_checkpoints(str(out))[-1], map_location="cpu", weights_only=False)


def assert_equal_states(a, b):
    """Every tensor of two checkpoints equal bit for bit (networks, EMA, optimisers, RNG)."""
    if isinstance(a, torch.Tensor):
        assert torch.equal(a, b)
    elif isinstance(a, np.ndarray):
        assert np.array_equal(a, b)
    elif isinstance(a, dict):
        assert a.keys() == b.keys()
        for k in a:
            if k not in ("config", "train_seconds"):  # config differs in --resume only; wall-clock time always
                assert_equal_states(a[k], b[k])
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            assert_equal_states(x, y)
    else:
        assert a == b or (a != a and b != b)


@pytest.mark.slow
def test_sigkill_and_resume_is_bit_exact(tmp_path):
    """A run SIGKILLed once its first checkpoint exists, then resumed with --resume, ends with the
    same networks, EMA, optimisers, step and RNG states as the same run left alone (CPU, bit-exact),
    and the same logged losses."""
    flags = [*TINY, "--steps", 150, "--save-every", 10, "--log-every", 10, "--n-critic", 1, "--path", "learned"]
    whole = start_train1d(*flags, "--out", tmp_path / "whole")
    killed_dir = tmp_path / "killed"
    killed = start_train1d(*flags, "--out", killed_dir)
    wait_for(lambda: list_checkpoints(str(killed_dir)), killed)
    killed.send_signal(signal.SIGKILL)
    killed.communicate()
    assert killed.returncode == -signal.SIGKILL
    assert checkpoint_step(latest_checkpoint(str(killed_dir))) < 150
    resumed = subprocess.run([sys.executable, "train1d.py", *map(str, flags), "--out", killed_dir, "--resume"],
                             cwd=ROOT, env={**os.environ, "OMP_NUM_THREADS": "1"}, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert whole.wait() == 0, whole.communicate()
    assert_equal_states(final_state(tmp_path / "whole"), final_state(killed_dir))

    def losses(out):
        rows = [json.loads(line) for line in (out / "metrics.jsonl").read_text().splitlines()]
        return [(r["step"], r["loss_c"], r["loss_g"]) for r in rows]
    assert losses(killed_dir) == losses(tmp_path / "whole")  # rows past the checkpoint were replaced, not repeated


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_saves_and_exits(tmp_path, sig):
    """SIGTERM / SIGINT during training: a checkpoint of the step it was in, one line on stderr
    saying so, exit status 128 + signal number (143 / 130)."""
    out = tmp_path / "run"
    proc = start_train1d(*TINY, "--steps", 10**6, "--log-every", 1, "--out", out)
    wait_for(lambda: (out / "metrics.jsonl").is_file() and (out / "metrics.jsonl").stat().st_size > 0, proc)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + sig, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"stopped by {sig.name} at step "), err
    step = int(lines[0].split(" at step ")[1].split(";")[0])
    assert torch.load(latest_checkpoint(str(out)), weights_only=False)["step"] == step


def tiny_trainer(tmp_path, *flags, poison=()):
    """An in-process train1d Trainer; the generator's loss is NaN at the steps in ``poison``."""
    args = train1d.parse_args([*TINY, "--out", str(tmp_path / "run"), *map(str, flags)])
    os.makedirs(args.out)
    torch.manual_seed(0)
    nets, path, objective = train1d.build(args, torch.device("cpu"))
    generator_loss = objective.generator_loss

    def poisoned(*a):
        loss, stats = generator_loss(*a)
        return (loss * float("nan") if trainer.step + 1 in poison else loss), stats

    objective.generator_loss = poisoned
    trainer = Trainer(args, "train1d", nets, path, objective, lambda n: torch.randn(n, 1), args.out)
    return trainer


def test_nonfinite_loss_stops_at_its_step(tmp_path, capsys):
    """A NaN loss_g at step 5 (log every 4, checkpoint every 2): the run stops at the check of step 6
    with exit status 3 and one line naming loss_g and step 5; step 6 is never saved, step 4 stays."""
    trainer = tiny_trainer(tmp_path, "--steps", 12, "--save-every", 2, "--log-every", 4, poison={5})
    with pytest.raises(SystemExit) as e:
        trainer.run()
    assert e.value.code == EXIT_DIVERGED
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: non-finite loss_g at step 5;"), err
    assert [checkpoint_step(p) for p in list_checkpoints(trainer.run_dir)] == [2, 4]
    assert "checkpoint_0000004.pt" in err[0]


@pytest.mark.slow
def test_nonfinite_weights_from_the_command_line(tmp_path):
    """--lr inf after a 3-step critic warm-up: E_psi's weights go non-finite at step 4; train1d.py
    exits 3 naming them, and the checkpoint of step 2 is the last one."""
    out = tmp_path / "run"
    flags = [*TINY, "--steps", 10, "--critic-warmup", 3, "--lr", "inf", "--lr-schedule", "constant", "--save-every", 2]
    proc = subprocess.run([sys.executable, "train1d.py", *map(str, flags), "--out", out],
                          cwd=ROOT, env={**os.environ, "OMP_NUM_THREADS": "1"}, capture_output=True, text=True)
    assert proc.returncode == EXIT_DIVERGED, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: non-finite weights of E_psi at step 4;"), proc.stderr
    assert [os.path.basename(p) for p in list_checkpoints(str(out))] == ["checkpoint_0000002.pt"]


def test_skip_nonfinite_skips_and_counts(tmp_path):
    """--skip-nonfinite: NaN generator losses at steps 2 and 3 skip those updates; the run finishes
    with finite weights and logs skipped = 2."""
    trainer = tiny_trainer(tmp_path, "--steps", 5, "--log-every", 5, "--skip-nonfinite", poison={2, 3}).run()
    assert trainer.skipped == 2
    assert all(torch.isfinite(p).all() for net in trainer.nets.values() for p in net.parameters())
    row = json.loads((tmp_path / "run" / "metrics.jsonl").read_text().splitlines()[-1])
    assert row["skipped"] == 2 and row["step"] == 5


def test_latest_checkpoint_skips_unreadable(tmp_path, capsys):
    """A truncated newest checkpoint is skipped with a warning line; the one before it is found;
    with only unreadable ones, a ValueError names them."""
    trainer = tiny_trainer(tmp_path, "--steps", 2, "--save-every", 1, "--log-every", 2).run()
    run = trainer.run_dir
    good = list_checkpoints(run)[-1]
    data = open(good, "rb").read()
    with open(os.path.join(run, "checkpoint_0000003.pt"), "wb") as f:
        f.write(data[: len(data) // 2])
    capsys.readouterr()
    assert latest_checkpoint(run) == good
    assert "warning: skipped checkpoint" in capsys.readouterr().err
    for path in list_checkpoints(run):
        with open(path, "wb") as f:
            f.write(b"not a checkpoint")
    with pytest.raises(ValueError, match="no readable checkpoint"):
        latest_checkpoint(run)
