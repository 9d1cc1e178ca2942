"""Issue 13, item 4 at CPU scale (2026-11-28): the table and the plot from this folder.

    python results/post13_cpu/table.py [--plot images/post_training_fmnist.png]

Reads evals/NAME/eval.jsonl (NAME = RUN_SECONDS_SOLVER, written by evaluate.py --out) and each
run's metrics.jsonl; prints markdown tables (pretraining curve; post-training at equal extra CPU
time; few-step, NFE 4)."""
import argparse, glob, json, os

HERE = os.path.dirname(os.path.abspath(__file__))
LABEL = {"fm": "flow matching (pretraining)", "fm_more": "more flow matching", "cgan": "cgan, free critic",
         "grad": "cgan, grad critic", "reuse": "cgan, free critic, --critic-reuse", "cganlr": "cgan, free critic, E_psi lr 1e-4",
         "disc": "discrete K=4"}


def evals():
    out = []
    for path in sorted(glob.glob(os.path.join(HERE, "evals", "*", "eval.jsonl"))):
        name = os.path.basename(os.path.dirname(path))
        run, seconds, tag = name.rsplit("_", 2)
        method, seed = run.rsplit("_s", 1)
        for line in open(path):
            r = json.loads(line)
            metrics = [json.loads(l) for l in open(os.path.join(HERE, run, "metrics.jsonl"))]
            s_per_step = metrics[-1]["train_s"] / metrics[-1]["step"]
            out.append(dict(method=method, seed=int(seed), minutes=int(seconds) // 60, tag=tag, fid=r["fid"], nfe=r["nfe"],
                            step=r["step"], solver=r["solver"], s_per_step=s_per_step))
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--plot", default=None)
    args = p.parse_args()
    rows = evals()
    print("| run | seed | training (CPU min) | steps | s / step | solver (NFE) | FID (1k vs 60k) |\n| --- | --- | --- | --- | --- | --- | --- |")
    for r in sorted(rows, key=lambda r: (r["nfe"] < 10, r["method"] != "fm", r["seed"], r["method"], r["minutes"])):
        extra = f"30 + {r['minutes']}" if r["method"] != "fm" else f"{r['minutes']}"
        print(f"| {LABEL[r['method']]} | {r['seed']} | {extra} | {r['step']} | {r['s_per_step']:.2f} | {r['solver']} ({r['nfe']:.0f}) | {r['fid']:.1f} |")
    if args.plot:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
        parent = {(r["seed"]): r["fid"] for r in rows if r["method"] == "fm" and r["minutes"] == 30 and r["nfe"] > 10}
        parent4 = {(r["seed"]): r["fid"] for r in rows if r["method"] == "fm" and r["minutes"] == 30 and r["tag"] == "mid2"}
        for seed, style in ((0, "-o"), (1, "--s")):
            pre = sorted([(r["minutes"], r["fid"]) for r in rows if r["method"] == "fm" and r["seed"] == seed and r["nfe"] > 10]
                         + [(30 + r["minutes"], r["fid"]) for r in rows if r["method"] == "fm_more" and r["seed"] == seed and r["nfe"] > 10])
            if pre:
                axes[0].plot(*zip(*pre), style, label=f"seed {seed}")
            for method, colour in (("fm_more", "C0"), ("cgan", "C1"), ("grad", "C2"), ("reuse", "C3"), ("cganlr", "C5")):
                pts = sorted((r["minutes"], r["fid"]) for r in rows if r["method"] == method and r["seed"] == seed and r["nfe"] > 10)
                if pts and seed in parent:
                    axes[1].plot(*zip(*([(0, parent[seed])] + pts)), style, color=colour, label=f"{LABEL[method]}, seed {seed}")
            for method, tag, colour in (("fm_more", "mid2", "C0"), ("disc", "k4", "C4")):
                pts = sorted((r["minutes"], r["fid"]) for r in rows if r["method"] == method and r["seed"] == seed and r["tag"] == tag)
                if pts and seed in parent4:
                    axes[2].plot(*zip(*([(0, parent4[seed])] + pts)), style, color=colour,
                                 label=f"{LABEL[method]} ({'midpoint 2' if tag == 'mid2' else 'K=4 Euler'}), seed {seed}")
        axes[0].set(title="flow matching: 30 min, then 10 more (plateau check)", xlabel="total training time (CPU minutes)", ylabel="FID (midpoint 20, NFE 40)")
        axes[1].set(title="post-training from fm at 30 min (NFE 40)", xlabel="extra training time (CPU minutes)", ylabel="FID")
        axes[2].set(title="few-step from fm at 30 min (NFE 4)", xlabel="extra training time (CPU minutes)", ylabel="FID")
        for ax in axes:
            ax.grid(alpha=0.3)
            ax.legend(fontsize=7)
        fig.suptitle("Fashion-MNIST, CPU scale (0.16M UNets, batch 64, one thread), FID of 1k samples vs 60k, 2026-11-28", fontsize=9)
        fig.tight_layout()
        fig.savefig(args.plot, dpi=90)


if __name__ == "__main__":
    main()
