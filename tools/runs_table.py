"""A markdown table of finished runs: what differs between them, steps, training time, and each
one's newest evaluate.py result. For logs of searches (docs/results.md).

    python tools/runs_table.py runs/search_cpu/*                 # every run's newest score
    python tools/runs_table.py runs/search_cpu/* --n 2000        # only scores of 2000 samples

Columns: run (folder name), the flags whose values differ between the runs given (only
those, so the table shows what was varied), steps, training minutes (``train_s`` of the last
metrics row), seconds per step, then NFE, FID (or W1 for 1-D runs) and n of the newest matching
line of the run's eval.jsonl ("-" when it has none).
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_images import rows  # noqa: E402

IGNORED = {"out", "resume", "log_every", "save_every", "sample_every", "keep_checkpoints", "data_dir", "world_size"}


def load_run(path, n=None):
    """{name, config, steps, train_s, eval} of the run directory ``path``; None if it has no config.json."""
    config_path = os.path.join(path, "config.json")
    if not os.path.isfile(config_path):
        return None
    with open(config_path) as f:
        config = json.load(f)
    metrics = rows(os.path.join(path, "metrics.jsonl"))
    evals = [r for r in rows(os.path.join(path, "eval.jsonl")) if n is None or r.get("n") == n]
    last = metrics[-1] if metrics else {}
    return {"name": os.path.basename(os.path.normpath(path)), "config": config, "steps": last.get("step", 0),
            "train_s": last.get("train_s"), "eval": evals[-1] if evals else None}


def varied(configs):
    """The config keys whose values are not the same in all ``configs``, in first-seen order."""
    keys = []
    for c in configs:
        keys += [k for k in c if k not in keys and k not in IGNORED]
    return [k for k in keys if len({json.dumps(c.get(k)) for c in configs}) > 1]


def flag_text(key, value):
    if value is None:
        return "-"
    if isinstance(value, list):
        return " ".join(map(str, value)) or "(none)"
    return str(value)


def table(runs):
    """Markdown lines for ``runs`` (load_run results)."""
    keys = varied([r["config"] for r in runs])
    head = ["run", *[f"--{k.replace('_', '-')}" for k in keys], "steps", "train min", "s/step", "NFE", "score", "n"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for r in runs:
        e = r["eval"] or {}
        minutes = r["train_s"] / 60 if r["train_s"] is not None else None
        per_step = r["train_s"] / r["steps"] if r["train_s"] is not None and r["steps"] else None
        score = f"{e['metric'].upper()} {e['value']:.2f}" if e else "-"
        cells = [r["name"], *[flag_text(k, r["config"].get(k)) for k in keys],
                 str(r["steps"]), f"{minutes:.1f}" if minutes is not None else "-",
                 f"{per_step:.3f}" if per_step is not None else "-",
                 f"{e['nfe']:.0f}" if e.get("nfe") is not None else "-", score, str(e.get("n", "-"))]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("runs", nargs="+", help="run directories")
    p.add_argument("--n", type=int, default=None, help="use only evaluations of this many samples")
    args = p.parse_args(argv)
    runs = [r for r in (load_run(path, args.n) for path in args.runs) if r is not None]
    if not runs:
        print("error: none of these folders holds a run (config.json)", file=sys.stderr)
        return 2
    print("\n".join(table(runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
