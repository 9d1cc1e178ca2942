"""Issue 11's Fashion-MNIST table at CPU scale (2026-12-02), from this folder.

    python results/few_step_fmnist_dec02/table.py [--grids images/few_step_fmnist.png]

Reads evals/NAME/eval.jsonl (NAME = RUN_AT_TAG, written by evaluate.py --out; AT is the
checkpoint's training CPU-seconds as picked by pick.py, or "end") and each run's config.json and
metrics.jsonl; prints one markdown table, grouped by NFE. With --grids, the NFE-4 and NFE-1 grids
side by side (tools/side_by_side.py)."""
import argparse, glob, json, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


GRIDS = {"fm_600_mid2": "fm, midpoint 2 (NFE 4)", "d4_end_own": "discrete K=4 (NFE 4)", "post5_d4_end_own": "fm 5 + discrete K=4 5 (NFE 4)",
         "fm_600_euler1": "fm, Euler 1 (NFE 1)", "d1_end_own": "discrete K=1 (NFE 1)", "wgan_end_own": "WGAN-GP (NFE 1)"}


def label(run, config):
    if run == "fm":
        return "flow matching"
    if run == "wgan":
        return f"WGAN-GP (DCGAN, width {config['dim']})"
    k = config["time_steps"]
    name = f"discrete K = {k}" + (", `--predict x0`" if config.get("predict") == "x0" else "")
    if config.get("lr") != 1e-3:
        name += f", `--lr {config['lr']:g} --critic-reg {config['critic_reg']:g}`"
    if config.get("init_from"):
        return f"fm ({run.split('_')[0][4:]} min) + {name} ({run.split('_')[0][4:]} min)"  # nominal minutes; the table's are measured
    return name


def rows_of(run):
    return [json.loads(l) for l in open(os.path.join(HERE, run, "metrics.jsonl")) if l.startswith("{")]


def rows():
    out = []
    for path in sorted(glob.glob(os.path.join(HERE, "evals", "*", "eval.jsonl"))):
        name = os.path.basename(os.path.dirname(path))
        run, at, tag = re.match(r"^(.+?)_(end|\d+)_(.+)$", name).groups()
        config = json.load(open(os.path.join(HERE, run, "config.json")))
        metrics = rows_of(run)
        for line in open(path):
            r = json.loads(line)
            per_step = metrics[-1]["train_s"] / metrics[-1]["step"]
            minutes = min((m for m in metrics if m["step"] >= r["step"]), key=lambda m: m["step"])["train_s"] / 60
            if config.get("init_from"):  # total training time: the parent checkpoint's minutes + this run's
                parent, step = re.match(r"^(.+)/checkpoint_(\d+)\.pt$", config["init_from"]).groups()
                minutes += next(m["train_s"] for m in rows_of(parent) if m["step"] == int(step)) / 60
            out.append(dict(name=name, run=run, label=label(run, config), tag=tag, fid=r["fid"], nfe=r["nfe"], step=r["step"],
                            solver=r["solver"], minutes=minutes, per_step=per_step, n=r["n"],
                            grid=glob.glob(os.path.join(os.path.dirname(path), "*.png"))))
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--grids", default=None)
    args = p.parse_args()
    R = sorted(rows(), key=lambda r: (r["nfe"], r["minutes"] > 11, r["run"] != "fm", r["fid"]))
    print("| NFE | method | solver | steps | CPU min | CPU s / step | FID (2k vs 60k) |\n| --- | --- | --- | --- | --- | --- | --- |")
    for r in R:
        print(f"| {r['nfe']:.0f} | {r['label']} | {r['solver']} | {r['step']} | {r['minutes']:.1f} | {r['per_step']:.2f} | {r['fid']:.1f} |")
    if args.grids:
        pick = [r for name in GRIDS for r in R if r["name"] == name]
        subprocess.run([sys.executable, os.path.join(ROOT, "tools", "side_by_side.py"), *[r["grid"][0] for r in pick],
                        "--titles", *[f"{GRIDS[r['name']]}: FID {r['fid']:.0f}" for r in pick], "--out", args.grids], check=True)


if __name__ == "__main__":
    main()
