"""tools/step_seconds.py: flags parse as documented, and s/step leaves out the first log interval."""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools"))
import step_seconds  # noqa: E402


def test_seconds_per_step_skips_warm_up(tmp_path):
    rows = [{"step": 10, "train_s": 30.0}, {"step": 20, "train_s": 42.0}, {"step": 30, "train_s": 56.0}]
    (tmp_path / "metrics.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert step_seconds.seconds_per_step(str(tmp_path)) == (56.0 - 30.0) / 20


def test_flags_parse():
    args = step_seconds.parse_args(["--config", "fm", "--objective fm", "--config", "reuse", " --critic-reuse",
                                    "--root", "reuse=/elsewhere", "--", "--device", "cpu", "--threads", "1"])
    assert args.config == [["fm", "--objective fm"], ["reuse", " --critic-reuse"]]
    assert args.roots == {"reuse": "/elsewhere"} and args.common == ["--device", "cpu", "--threads", "1"]
