"""tools/sync_records.sh copies an experiment's records (jobs, queue log, configs, metrics, job logs,
eval lines and grids) and no checkpoints, nor runs linked in from another experiment; a folder that is not a
queue folder is refused."""
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "tools", "sync_records.sh")


def test_copies_records_and_no_checkpoints(tmp_path):
    src, dest = tmp_path / "exp", tmp_path / "results" / "exp"
    files = {"jobs.py": "JOBS = []", "queue.log": "07:00 lane 0 run_s0 rc 0 1s", "run_s0/config.json": "{}",
             "run_s0/metrics.jsonl": '{"step": 1}', "run_s0/checkpoint_0000001.pt": "weights",
             "logs/run_s0.log": "step 1", "evals/run_s0_600/eval.jsonl": '{"fid": 1.0}',
             "evals/run_s0_600/samples.png": "png", "evals/run_s0_1200/started.txt": "no eval.jsonl yet"}
    for name, text in files.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text)
    other = tmp_path / "other_exp" / "linked_s0"  # a run of another experiment, linked in to be scored: not copied
    other.mkdir(parents=True)
    (other / "config.json").write_text("{}")
    (other / "metrics.jsonl").write_text('{"step": 1}')
    (src / "linked_s0").symlink_to(other)
    for _ in range(2):  # repeatable
        proc = subprocess.run(["bash", SCRIPT, str(src), str(dest)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
    copied = sorted(str(p.relative_to(dest)) for p in dest.rglob("*") if p.is_file())
    assert copied == sorted(["jobs.py", "queue.log", "run_s0/config.json", "run_s0/metrics.jsonl", "logs/run_s0.log",
                             "evals/run_s0_600/eval.jsonl", "evals/run_s0_600/samples.png"])
    assert (dest / "evals/run_s0_600/eval.jsonl").read_text() == '{"fid": 1.0}'


def test_refuses_a_folder_without_jobs(tmp_path):
    proc = subprocess.run(["bash", SCRIPT, str(tmp_path), str(tmp_path / "out")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [f"error: {tmp_path} has no jobs.py (not a tools/job_queue.py folder)"]
    assert not (tmp_path / "out").exists()
