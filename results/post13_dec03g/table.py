"""Issue 13, item 4 (CPU scale, --bf16; 2026-12-03, thirteenth session): the distilled student with its lr decayed
(DSC; DSC4 with a finer teacher), the critic on a distilled student anchored to its own steps (FT, from DS at
T = 10), and the fair control for a decayed lr (MFC: more fm, cosine). FID of 2k EMA samples against all 60k at NFE 4 (the few-step runs with their own 4
Euler steps, fm with midpoint 2 steps). DS (results/post13_dec03f) and more fm (mf, results/post13_dec03e) on the same
parents are read from their records. Prints one markdown table, T in extra CPU minutes from the parent. Records copied
with ``tools/sync_records.sh /work/exp/p13k results/post13_dec03g``.

    python results/post13_dec03g/table.py
"""
import glob
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
START = {"FT": 10}  # FT starts from DS at T = 10


def fid_rows(folder, start_of):
    """{(method, seed): {T minutes: (fid, step)}} of folder/evals/METHOD_sSEED_SECONDS[_TAG]/eval.jsonl."""
    out = {}
    for path in sorted(glob.glob(os.path.join(ROOT, folder, "evals", "*", "eval.jsonl"))):
        name = os.path.basename(os.path.dirname(path))
        method, rest = name.split("_s", 1)
        seed, when = int(rest.split("_")[0]), rest.split("_")[1]
        if not when.isdigit():
            continue
        with open(path) as f:
            r = json.loads(f.readline())
        t = (int(when) - start_of(method, seed)) / 60 + START.get(method, 0)
        out.setdefault((method, seed), {})[round(t)] = (r["fid"], r["step"])
    return out


def parent_seconds(seed):
    with open(os.path.join(ROOT, "post13_dec03e", f"fm_s{seed}", "metrics.jsonl")) as f:
        return max(json.loads(line).get("train_s", 0) for line in f if line.startswith("{"))


def critic(run, step, window=100):
    """(mean c_value, mean c_grad_norm) over the last ``window`` steps up to ``step``, or None."""
    path = os.path.join(HERE, run, "metrics.jsonl")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        rows = [json.loads(line) for line in f if line.startswith("{")]
    rows = [r for r in rows if step - window < r.get("step", -1) <= step and "c_value" in r]
    return (sum(r["c_value"] for r in rows) / len(rows), sum(r["c_grad_norm"] for r in rows) / len(rows)) if rows else None


def main():
    mf = {k: v for k, v in fid_rows("post13_dec03e", lambda m, s: round(parent_seconds(s)) if m == "mf" else 0).items()
          if k[0] == "mf"}
    ds = {k: v for k, v in fid_rows("post13_dec03f", lambda m, s: 0).items() if k[0] == "DS"}
    here = fid_rows("post13_dec03g", lambda m, s: 0)
    print("| seed | run | FID at T = 10 / 20 (steps) | vs more fm at T = 10 / 20 | critic value, mean abs grad (last 100 steps) |")
    print("| --- | --- | --- | --- | --- |")
    for seed in (0, 1):
        for method in ("mf", "MFC", "DS", "DSC", "DSC4", "FT"):
            pts = {**mf, **ds, **here}.get((method, seed), {})
            if not pts:
                continue
            cells, vs = [], []
            for t in (10, 20):
                if t in pts:
                    cells.append(f"{pts[t][0]:.1f} ({pts[t][1]})")
                    ref = mf.get(("mf", seed), {}).get(t)
                    vs.append(f"{100 * (pts[t][0] / ref[0] - 1):+.1f} %" if ref and method != "mf" else "")
                else:
                    cells.append("")
                    vs.append("")
            c = critic(f"{method}_s{seed}", max(p[1] for p in pts.values()))
            print(f"| {seed} | {method} | {' / '.join(cells)} | {' / '.join(vs)} | "
                  f"{'' if c is None else f'{c[0]:.3f}, {c[1]:.2f}'} |")


if __name__ == "__main__":
    main()
