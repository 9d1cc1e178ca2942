"""End-to-end checks of train1d.py, run as a subprocess as a user would."""

import json
import math
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest
import torch
from torch.testing import assert_close

from data import load_target_1d
from metrics import evaluate_1d
from models import VelocityMLP, build_network

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TINY = ["--device", "cpu", "--width", "16", "--critic-width", "16", "--depth", "2", "--critic-depth", "2",
        "--n-eval", "500", "--log-every", "1"]
FILES = ["config.json", "metrics.jsonl", "histogram.png", "trajectories.png", "checkpoint_0000002.pt", "final.json"]


def train1d(*args):
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, "train1d.py", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def assert_usage_error(proc):
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), proc.stderr


def metrics_rows(out):
    with open(os.path.join(out, "metrics.jsonl")) as f:
        return [json.loads(line) for line in f]


def smoke_args(out, *extra):
    return [*TINY, "--steps", 2, "--out", out, *extra]


@pytest.fixture(scope="module")
def cgan_run(tmp_path_factory):
    """The default (cgan, linear path) 2-step run; shared by the smoke, checkpoint and resume tests."""
    out = tmp_path_factory.mktemp("cgan") / "run"
    return out, train1d(*smoke_args(out))


@pytest.fixture(scope="module", params=[None, ["--objective", "fm"], ["--path", "learned"]],
                ids=["cgan", "fm", "cgan-learned"])
def smoke_run(request, tmp_path_factory):
    if request.param is None:
        return request.getfixturevalue("cgan_run")
    out = tmp_path_factory.mktemp("smoke") / "run"
    return out, train1d(*smoke_args(out, *request.param))


@pytest.mark.slow
def test_smoke_run(smoke_run):
    """A 2-step run exits 0, writes every file, 2 finite metric rows, and prints final.json as its last line."""
    out, proc = smoke_run
    assert proc.returncode == 0, proc.stderr
    for name in FILES:
        assert (out / name).is_file(), name
    rows = metrics_rows(out)
    assert [r["step"] for r in rows] == [1, 2]
    assert all(isinstance(v, (int, float)) and math.isfinite(v) for r in rows for v in r.values())
    final = json.loads((out / "final.json").read_text())
    for key in ("w1", "w1_floor", "data_std", "nfe", "seconds"):
        assert math.isfinite(final[key]), key
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == final


@pytest.mark.slow
def test_checkpoint_rebuilds_networks(smoke_run):
    """The checkpoint alone rebuilds every network from its spec; raw and EMA weights load and give finite, reproducible outputs."""
    out, proc = smoke_run
    assert proc.returncode == 0, proc.stderr
    state = torch.load(out / "checkpoint_0000002.pt", map_location="cpu", weights_only=False)
    assert state["step"] == 2 and state["script"] == "train1d"
    for name, spec in state["specs"].items():
        build_network(spec).load_state_dict(state["nets"][name])
    x, t = torch.randn(32, 1), torch.rand(32)
    outputs = []
    for weights in (state["nets"]["E_psi"], state["nets"]["E_psi"], state["ema"]["E_psi"]["net"]):
        net = build_network(state["specs"]["E_psi"])
        net.load_state_dict(weights)
        outputs.append(net(x, t))
    assert all(torch.isfinite(o).all() for o in outputs)
    assert_close(outputs[0], outputs[1], rtol=0, atol=0)
    assert not torch.equal(outputs[0], outputs[2])  # the EMA is its own set of weights


@pytest.mark.slow
def test_resume_and_refuse_overwrite(cgan_run, tmp_path):
    """--resume continues the 2-step run to step 5; rerunning without --resume exits 2 and leaves the checkpoint alone."""
    src, proc = cgan_run
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "run"
    shutil.copytree(src, out)  # the shared run stays as it is for the other tests
    proc = train1d(*TINY, "--steps", 5, "--out", out, "--resume")
    assert proc.returncode == 0, proc.stderr
    assert "resumed from" in proc.stdout
    assert [r["step"] for r in metrics_rows(out)] == [1, 2, 3, 4, 5]
    ckpt = out / "checkpoint_0000005.pt"
    assert torch.load(ckpt, map_location="cpu", weights_only=False)["step"] == 5
    before = (ckpt.read_bytes(), ckpt.stat().st_mtime_ns)
    assert_usage_error(train1d(*smoke_args(out)))
    assert (ckpt.read_bytes(), ckpt.stat().st_mtime_ns) == before


@pytest.mark.slow
def test_bad_device_and_data_file(tmp_path):
    """--device cuda:3 without CUDA, and a --data-file holding NaN, exit 2 with one 'error:' line and no run directory."""
    if torch.cuda.device_count() > 3:
        pytest.skip("this machine has a cuda:3")
    assert_usage_error(train1d("--device", "cuda:3", "--out", tmp_path / "gpu"))
    np.save(tmp_path / "nan.npy", np.array([0.0, np.nan, 1.0]))
    assert_usage_error(train1d("--device", "cpu", "--data-file", tmp_path / "nan.npy", "--out", tmp_path / "nan"))
    assert not (tmp_path / "gpu").exists() and not (tmp_path / "nan").exists()


@pytest.mark.slow
@pytest.mark.parametrize("updates", [["--n-critic", 2], ["--n-critic", 2, "--simultaneous"]],
                         ids=["alternating", "simultaneous"])
def test_short_run_learns(tmp_path, updates):
    """A short cgan run on the trimodal target ends with W1 below 0.35x that of an untrained E_psi,
    with alternating and with simultaneous updates (2 critic updates per step; with --simultaneous the second shares the generator's batch)."""
    width = 64
    proc = train1d("--device", "cpu", "--data", "trimodal", "--objective", "cgan", "--path", "linear", "--seed", 0,
                   "--steps", 1500, "--batch-size", 256, *updates, "--lr", 5e-3, "--critic-lr", 5e-3,
                   "--lr-schedule", "constant", "--betas", 0, 0.9, "--critic-betas", 0, 0.9, "--critic-reg", 1.0,
                   "--width", width, "--critic-width", width, "--depth", 3, "--critic-depth", 3,
                   "--ema-decay", 0.999, "--n-eval", 4000, "--log-every", 1500, "--out", tmp_path / "run")
    assert proc.returncode == 0, proc.stderr
    trained = json.loads((tmp_path / "run" / "final.json").read_text())["w1"]
    torch.manual_seed(0)
    target = load_target_1d("trimodal")
    ref = target.sample(100_000)
    _, untrained = evaluate_1d(VelocityMLP(dim=1, width=width, depth=3), target, 4000,
                               mean=ref.mean().item(), std=ref.std().item())
    report = f"W1 trained {trained:.4f}, untrained {untrained['w1']:.4f}"
    print(report)
    assert trained < 0.35 * untrained["w1"], report


def test_time_limit_ends_the_run_like_its_last_step(tmp_path, capsys):
    """--time-limit stops at the first step past it, which is logged, sampled and checkpointed
    like a last step; the training time is in the metrics and carries over a resume. With
    --log-every larger than the run, the metrics hold step 1 (always logged) and the last step."""
    import train1d as script
    from training import checkpoint_path, load_checkpoint
    out = tmp_path / "run"
    flags = ["--device", "cpu", "--steps", "1000000", "--width", "8", "--critic-width", "8", "--log-every", "1000000",
             "--n-eval", "50", "--ode-method", "euler", "--ode-steps", "2", "--out", str(out)]
    result = script.main(flags + ["--time-limit", "0.005"])  # 0.3 s
    steps = result["steps"]
    assert 0 < steps < 1_000_000
    state = load_checkpoint(checkpoint_path(out, steps))
    assert state["step"] == steps and state["train_seconds"] >= 0.3
    with open(out / "metrics.jsonl") as f:
        rows = [json.loads(line) for line in f]
    assert [r["step"] for r in rows] == sorted({1, steps}) and rows[-1]["train_s"] >= 0.3
    assert rows[0]["it_per_s"] > 0 and rows[0]["train_s"] <= rows[-1]["train_s"]
    # resumed with a longer limit, it continues from the time already spent
    more = script.main(flags + ["--time-limit", "0.01", "--resume"])["steps"]
    assert more > steps and load_checkpoint(checkpoint_path(out, more))["train_seconds"] >= 0.6


def test_time_clock_cpu_counts_this_process_cpu_time(tmp_path, monkeypatch):
    """--time-clock cpu: --time-limit and train_s count time.process_time(), not the wall clock.
    A wall clock that races ahead (1000 s per call) does not end the run; the CPU clock does."""
    import time as real_time

    import train1d as script
    import training
    from training import checkpoint_path, load_checkpoint
    out = tmp_path / "run"
    flags = ["--device", "cpu", "--steps", "1000000", "--width", "8", "--critic-width", "8", "--log-every", "1000000",
             "--n-eval", "50", "--ode-method", "euler", "--ode-steps", "2", "--out", str(out)]
    calls = iter(range(10**9))

    class RacingWall:
        process_time = staticmethod(real_time.process_time)

        @staticmethod
        def time():
            return 1000.0 * next(calls)

    monkeypatch.setattr(training, "time", RacingWall)
    cpu0 = real_time.process_time()
    steps = script.main(flags + ["--time-limit", "0.005", "--time-clock", "cpu"])["steps"]
    spent = load_checkpoint(checkpoint_path(out, steps))["train_seconds"]
    assert steps > 1 and 0.3 <= spent <= real_time.process_time() - cpu0
