"""tools/runs_table.py on fabricated run folders: only varied flags become columns, and the newest
matching evaluation, the step count and the training time are read from the run's files."""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools"))
import runs_table  # noqa: E402


def make_run(path, config, metrics, evals):
    path.mkdir()
    (path / "config.json").write_text(json.dumps(config))
    (path / "metrics.jsonl").write_text("".join(json.dumps(r) + "\n" for r in metrics))
    (path / "eval.jsonl").write_text("".join(json.dumps(r) + "\n" for r in evals))


def test_table_shows_varied_flags_and_newest_score(tmp_path, capsys):
    base = {"out": "x", "lr": 0.001, "n_critic": 2, "channel_mult": [1, 2]}
    make_run(tmp_path / "a", base, [{"step": 100, "train_s": 60.0}, {"step": 300, "train_s": 120.0}],
             [{"metric": "fid", "value": 50.0, "nfe": 40, "n": 500}, {"metric": "fid", "value": 40.0, "nfe": 44, "n": 2000},
              {"metric": "fid", "value": 45.0, "nfe": 41, "n": 500}])
    make_run(tmp_path / "b", {**base, "out": "y", "n_critic": 1}, [{"step": 600, "train_s": 150.0}], [])
    (tmp_path / "empty").mkdir()
    assert runs_table.main([str(tmp_path / "a"), str(tmp_path / "b"), str(tmp_path / "empty"), "--n", "2000"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    head = [c.strip() for c in lines[0].strip("|").split("|")]
    assert head == ["run", "--n-critic", "steps", "train min", "s/step", "NFE", "score", "n"]  # lr, out: not varied / ignored
    a = [c.strip() for c in lines[2].strip("|").split("|")]
    assert a == ["a", "2", "300", "2.0", "0.400", "44", "FID 40.00", "2000"]
    b = [c.strip() for c in lines[3].strip("|").split("|")]
    assert b == ["b", "1", "600", "2.5", "0.250", "-", "-", "-"]
    assert len(lines) == 4


def test_no_runs_is_an_error(tmp_path, capsys):
    assert runs_table.main([str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("error:")
