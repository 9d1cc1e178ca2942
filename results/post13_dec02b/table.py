"""Issue 13, item 4 at CPU scale (2026-12-02, fourth session, --bf16): flow matching pretrained 20
CPU-minutes and continued to 40; from its 20-minute checkpoint, T = 10 and 20 CPU-minutes of
post-training with two critic initialisations. The tables and the plot from this folder.

    python results/post13_dec02b/table.py [--plot images/post_training_fmnist_dec02b.png]

Reads evals/RUN_SECONDS/eval.jsonl (evaluate.py --out; SECONDS = training CPU-seconds picked) and
each run's metrics.jsonl; prints markdown: the pretraining curve, post-training at equal extra CPU
time, and what the critic was doing."""
import argparse, glob, json, os

HERE = os.path.dirname(os.path.abspath(__file__))
PARENT_MIN = 20  # post-training starts from fm's checkpoint at 20 CPU-minutes
LABEL = {"fm": "more flow matching (the same run, lr 1e-3)",
         "cganA": "cgan, fresh critic (12-02's recipe)",
         "cganB": "cgan, critic from the parent (`--critic-init parent`)",
         "cganC": "cgan, critic from the parent, `--lr 3e-4`",
         "cganD": "cgan, critic from the parent, `--n-critic 2`"}


def metrics(run):
    return [json.loads(l) for l in open(os.path.join(HERE, run, "metrics.jsonl")) if l.startswith("{")]


def evals():
    rows = []
    for path in sorted(glob.glob(os.path.join(HERE, "evals", "*", "eval.jsonl"))):
        run, at = os.path.basename(os.path.dirname(path)).rsplit("_", 1)
        method, seed = run.rsplit("_s", 1)
        r = json.loads(open(path).readline())
        m = [x for x in metrics(run) if "train_s" in x and x["step"] <= r["step"]]
        rows.append(dict(method=method, seed=int(seed), minutes=round(int(at) / 60), fid=r["fid"], step=r["step"],
                         s_per_step=m[-1]["train_s"] / m[-1]["step"]))
    return rows


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--plot", default=None)
    args = p.parse_args()
    rows = evals()
    fm = {(r["seed"], r["minutes"]): r for r in rows if r["method"] == "fm"}
    print("Flow matching (FID of 2k EMA samples vs 60k, midpoint 4 steps, NFE 8)\n")
    print("| seed | CPU min | steps | FID | change over the previous 10 min |\n| --- | --- | --- | --- | --- |")
    for (seed, minutes), r in sorted(fm.items()):
        prev = fm.get((seed, minutes - 10))
        change = f"{100 * (r['fid'] / prev['fid'] - 1):+.1f}%" if prev else ""
        print(f"| {seed} | {minutes} | {r['step']} | {r['fid']:.1f} | {change} |")
    print(f"\nPost-training from fm at {PARENT_MIN} CPU-min, T more CPU-min each\n")
    print("| seed | method | T (CPU min) | steps | CPU s / step | FID | vs parent | vs more fm at T (target <= -15%) |\n"
          "| --- | --- | --- | --- | --- | --- | --- | --- |")
    for seed in sorted({r["seed"] for r in rows}):
        parent = fm.get((seed, PARENT_MIN))
        if parent:
            print(f"| {seed} | parent (fm) | 0 | {parent['step']} | {parent['s_per_step']:.2f} | {parent['fid']:.1f} | | |")
        for T in (10, 20):
            more = fm.get((seed, PARENT_MIN + T))
            for r in [more] + [r for r in rows if r["seed"] == seed and r["method"] != "fm" and r["minutes"] == T]:
                if r is None:
                    continue
                vs_parent = f"{100 * (r['fid'] / parent['fid'] - 1):+.1f}%" if parent else ""
                vs_more = f"{100 * (r['fid'] / more['fid'] - 1):+.1f}%" if more and r is not more else ""
                steps = r["step"] - (parent["step"] if r is more and parent else 0)
                print(f"| {seed} | {LABEL[r['method']]} | {T} | {steps} | {r['s_per_step']:.2f} | {r['fid']:.1f} | {vs_parent} | {vs_more} |")
    print("\nThe critic during post-training (metrics.jsonl, mean over each logged interval of 25 steps)\n")
    print("| run | step | CPU s | critic value | mean abs score | generator value |\n| --- | --- | --- | --- | --- | --- |")
    for run in sorted(glob.glob(os.path.join(HERE, "cgan*_s*"))):
        m = metrics(os.path.basename(run))
        for x in m:
            if "c_value" in x and (x["step"] in (1, 100, 200) or x["step"] % 500 == 0 or x is m[-1]):
                print(f"| {os.path.basename(run)} | {x['step']} | {x['train_s']:.0f} | {x['c_value']:.4f} | "
                      f"{x['c_score_norm']:.3f} | {x.get('g_value', float('nan')):.4f} |")
    if args.plot:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
        for seed, style in ((0, "-o"), (1, "--s")):
            curve = sorted((m, r["fid"]) for (s, m), r in fm.items() if s == seed)
            if curve:
                axes[0].plot(*zip(*curve), style, color="C0", label=f"flow matching, seed {seed}")
            parent = fm.get((seed, PARENT_MIN))
            for method, colour in (("fm", "C0"), ("cganA", "C1"), ("cganB", "C3"), ("cganC", "C4"), ("cganD", "C5")):
                pts = [(r["minutes"] - PARENT_MIN if method == "fm" else r["minutes"], r["fid"]) for r in rows
                       if r["method"] == method and r["seed"] == seed and (method != "fm" or r["minutes"] > PARENT_MIN)]
                if pts and parent:
                    axes[1].plot(*zip(*([(0, parent["fid"])] + sorted(pts))), style, color=colour, label=f"{method}, seed {seed}")
        axes[0].set(title="flow matching (plateau check)", xlabel="training time (CPU minutes)", ylabel="FID (2k vs 60k, NFE 8)")
        axes[1].set(title=f"post-training from fm at {PARENT_MIN} min", xlabel="extra training time (CPU minutes)", ylabel="FID")
        for ax in axes:
            ax.grid(alpha=0.3)
            ax.legend(fontsize=7)
        fig.suptitle("Fashion-MNIST, CPU scale (0.16M UNets, batch 64, one thread each, --bf16), FID of 2k EMA samples vs all 60k, "
                     "2026-12-02", fontsize=9)
        fig.tight_layout()
        fig.savefig(args.plot, dpi=90)


if __name__ == "__main__":
    main()
