"""tools/job_queue.py runs an experiment's jobs in their order once their dependencies are met: a job
name is met when that job exited 0, "t:RUN:SECONDS" when RUN's metrics show the training time (plus
30 s), when RUN's job is done, or when RUN is a run of another experiment linked in (a symlink),
which will not train on; a job whose dependency is never met is left pending. ``--only PREFIX`` runs
only the jobs so named, and a second queue on the same folder never runs a job the first has claimed."""
import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "tools", "job_queue.py")


def _run_queue(folder, jobs, *extra):
    (folder / "jobs.py").write_text(f"JOBS = {jobs!r}\n")
    (folder / "STOP").unlink(missing_ok=True)
    proc = subprocess.Popen([sys.executable, SCRIPT, str(folder), "--lanes", "1", *extra], stdout=subprocess.PIPE,
                            text=True)
    try:
        out, _ = proc.communicate(timeout=8)
    except subprocess.TimeoutExpired:  # a pending job whose dependency never comes keeps the lane waiting
        (folder / "STOP").write_text("")
        out, _ = proc.communicate(timeout=30)
    return out, sorted(os.listdir(folder / "done"))


@pytest.mark.slow  # about 15 s: the lane waits on a pending job until STOP
def test_dependencies(tmp_path):
    exp, other = tmp_path / "exp", tmp_path / "other" / "linked_s0"
    exp.mkdir()
    other.mkdir(parents=True)
    (other / "metrics.jsonl").write_text(json.dumps({"step": 10, "train_s": 100.0}) + "\n")  # finished at 100 s
    (exp / "linked_s0").symlink_to(other)
    (exp / "short_s0").mkdir()  # a run of this queue, not linked: its time decides
    (exp / "short_s0" / "metrics.jsonl").write_text(json.dumps({"step": 10, "train_s": 100.0}) + "\n")
    jobs = [("first", "echo one > first.txt", []),
            ("after_first", "cat first.txt > second.txt", ["first"]),
            ("eval_linked", "echo linked > linked.txt", ["t:linked_s0:600"]),  # past its end: met because linked
            ("eval_short_60", "echo short > short.txt", ["t:short_s0:60"]),  # 100 >= 60 + 30
            ("eval_short_600", "echo never > never.txt", ["t:short_s0:600"]),  # not yet trained that far
            ("fails", "exit 3", []),
            ("after_fails", "echo never > never2.txt", ["fails"])]
    out, done = _run_queue(exp, jobs)
    assert done == ["after_first", "eval_linked", "eval_short_60", "first"]
    assert (exp / "second.txt").read_text() == "one\n"
    assert not (exp / "never.txt").exists() and not (exp / "never2.txt").exists()
    assert [line.split()[3] for line in out.splitlines()] == ["first", "after_first", "eval_linked", "eval_short_60",
                                                               "fails"]
    assert (exp / "logs" / "fails.log").exists() and not (exp / "logs" / "eval_short_600.log").exists()


@pytest.mark.slow  # subprocesses, a few seconds
def test_only_prefix_and_two_queues_share_a_folder(tmp_path):
    """--only eval_ runs the evaluations alone; then an evaluation lane and a full lane, started together on one
    folder, run every job exactly once between them."""
    exp = tmp_path / "exp"
    exp.mkdir()
    jobs = [("train_a", "echo train_a >> ran.txt", []), ("eval_a", "echo eval_a >> ran.txt", [])]
    out, done = _run_queue(exp, jobs, "--only", "eval_")
    assert done == ["eval_a"] and (exp / "ran.txt").read_text() == "eval_a\n"
    assert not (exp / "logs" / "train_a.log").exists()  # left for a queue without --only
    many = [(f"{kind}_{i}", f"sleep 0.05; echo {kind}_{i} >> ran.txt", []) for i in range(12) for kind in ("train", "eval")]
    (exp / "jobs.py").write_text(f"JOBS = {jobs + many!r}\n")
    procs = [subprocess.Popen([sys.executable, SCRIPT, str(exp), "--lanes", "2", *extra], stdout=subprocess.PIPE, text=True)
             for extra in (["--only", "eval_"], [])]
    outs = [proc.communicate(timeout=60)[0] for proc in procs]
    ran = (exp / "ran.txt").read_text().split()
    assert sorted(ran) == sorted(["eval_a", "train_a"] + [name for name, _, _ in many])  # each once
    assert all(line.split()[3].startswith("eval_") for line in outs[0].splitlines())
