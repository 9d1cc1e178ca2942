"""Issue 13, item 4 and issue 11 (CPU scale, --bf16; 2026-12-03, ninth session): the discrete-time objective
(K = 4, NFE 4) post-training the plateau parents of results/post13_dec03, against flow matching sampled at NFE 4.
Every eval of this folder as a markdown row, with the training CPU minutes of a post-training checkpoint (the eval folder is RUN_SECONDS[_SOLVER], SECONDS = the training
CPU-seconds of the run scored; parents count from their own start), with what the critic was doing over the
last 100 generator steps before the checkpoint (mean critic value and mean |grad D|, from metrics.jsonl).
The records come from the queue folder with ``tools/sync_records.sh /work/exp/p13g results/post13_dec03c``.

    python results/post13_dec03c/table.py
"""
import glob
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
RECORDS = {"fmC": os.path.join(HERE, "..", "post13_dec03b")}  # runs of an earlier folder, scored here


def critic(run, step, here=HERE, records=RECORDS):
    """(training CPU minutes at ``step``, mean critic value, mean |grad D|) of a post-training run; blanks for a parent.
    Its metrics are in ``here``, or for a method in ``records`` in that folder."""
    path = os.path.join(records.get(run.rsplit("_s", 1)[0], here), run, "metrics.jsonl")
    if not os.path.exists(path):
        return "", "", ""
    with open(path) as f:
        rows = [json.loads(line) for line in f if line.startswith("{")]
    minutes = max((r["train_s"] for r in rows if r["step"] <= step and "train_s" in r), default=0.0) / 60
    last = [r for r in rows if "c_value" in r and "loss_g" in r and step - 100 < r["step"] <= step]
    if not last:
        return f"{minutes:.1f}", "", ""
    mean = lambda k: sum(r[k] for r in last) / len(last)  # noqa: E731
    return f"{minutes:.1f}", f"{mean('c_value'):.3f}", f"{mean('c_grad_norm'):.2f}"


def main(here=HERE, records=RECORDS):
    """Print the table of the evals in ``here`` (results/post13_dec03d/table.py calls this for its own folder)."""
    print("| eval | checkpoint | step | T (CPU min) | solver (NFE) | FID (2k vs 60k) | critic value | mean abs grad D |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for path in sorted(glob.glob(os.path.join(here, "evals", "*", "eval.jsonl"))):
        with open(path) as f:
            r = json.loads(f.readline())
        name = os.path.basename(os.path.dirname(path))
        run = os.path.basename(os.path.dirname(r["checkpoint"]))
        minutes, value, grad = critic(run, r["step"], here, records)
        print(f"| {name} | {r['checkpoint']} | {r['step']} | {minutes} | {r['solver']} ({r['nfe']:g}) | {r['fid']:.1f} "
              f"| {value} | {grad} |")


if __name__ == "__main__":
    main()
