"""tools/plot_runs.py: training curves and scores of runs on one PNG, from a tiny real run and
from written files; bad input is one 'error:' line and exit status 2."""

import json
import os
import sys

import numpy as np
import pytest

import evaluate
import train1d

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools"))
import plot_runs  # noqa: E402


def write_run(path, metrics, evals=()):
    path.mkdir()
    (path / "metrics.jsonl").write_text("".join(json.dumps(r) + "\n" for r in metrics))
    if evals:
        (path / "eval.jsonl").write_text("".join(json.dumps(r) + "\n" for r in evals))
    return path


def assert_png(path):
    data = path.read_bytes()
    assert len(data) > 1000 and data[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
def test_tiny_run_is_drawn(tmp_path, capsys):
    """A 4-step train1d run, scored once by evaluate.py: its curves and its W1 panel on one PNG."""
    run = tmp_path / "tiny"
    train1d.main(["--device", "cpu", "--steps", "4", "--log-every", "2", "--width", "8", "--critic-width", "8",
                  "--n-eval", "100", "--ode-method", "euler", "--ode-steps", "2", "--out", str(run)])
    evaluate.main([str(run), "--device", "cpu", "--n", "200", "--ode-method", "euler", "--ode-steps", "2"])
    capsys.readouterr()
    out = tmp_path / "curves.png"
    plot_runs.main([str(run), "--out", str(out)])
    assert_png(out)
    printed = capsys.readouterr().out
    for panel in ("loss_c", "loss_g", "c_value", "c_score_norm", "lr", "it_per_s", "eval:w1"):
        assert panel in printed, printed


def test_several_runs_and_eval_times(tmp_path, capsys):
    """Two runs on one figure; an evaluation's step is placed at the training time logged for it
    (interpolated between metrics rows), and --n keeps only evaluations of that many samples."""
    a = write_run(tmp_path / "a", [{"step": 100, "loss_g": 2.0, "lr": 1e-3, "train_s": 60.0},
                                   {"step": 300, "loss_g": 1.0, "lr": 1e-3, "train_s": 180.0}],
                  [{"metric": "fid", "value": 50.0, "n": 500, "step": 200, "solver": "euler 2 steps"},
                   {"metric": "fid", "value": 40.0, "n": 2000, "step": 300, "solver": "euler 2 steps"},
                   {"metric": None, "n": 500, "step": 300}])
    b = write_run(tmp_path / "b", [{"step": 10, "loss_c": -1.0, "c_gp": 0.1, "train_s": 30.0}])
    loaded = plot_runs.load(str(a), n=2000)
    assert [e["value"] for e in loaded["evals"]] == [40.0]
    np.testing.assert_allclose(plot_runs.minutes_at(loaded, [200, 300, 50]), [2.0, 3.0, 0.5])
    out = tmp_path / "two.png"
    plot_runs.main([str(a), str(b), "--out", str(out), "--n", "2000"])
    assert_png(out)
    assert "panels: loss_g, loss_c, c_gp, lr, eval:fid" in capsys.readouterr().out
    plot_runs.main([str(a), str(b), "--out", str(out), "--x", "step"])
    assert_png(out)


@pytest.mark.parametrize("case", ["missing folder", "no metrics", "not json", "out folder missing"])
def test_bad_input_is_one_line(tmp_path, capsys, case):
    run, out = str(tmp_path / "missing"), str(tmp_path / "x.png")
    if case == "no metrics":
        (tmp_path / "empty").mkdir()
        run = str(tmp_path / "empty")
    elif case == "not json":
        run = str(write_run(tmp_path / "bad", []))
        (tmp_path / "bad" / "metrics.jsonl").write_text("{not json\n")
    elif case == "out folder missing":
        run = str(write_run(tmp_path / "ok", [{"step": 1, "loss_g": 1.0, "train_s": 1.0}]))
        out = str(tmp_path / "nowhere" / "x.png")
    with pytest.raises(SystemExit) as e:
        plot_runs.main([run, "--out", out])
    assert e.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:"), err
    assert not os.path.exists(out)
