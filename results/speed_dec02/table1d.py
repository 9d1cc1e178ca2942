"""The 1-D runs of issue 12's critic search (2026-12-02): W1/std and CPU time of each run folder here,
and the mean over seeds of each configuration.

    python results/speed_dec02/table1d.py
"""
import collections
import glob
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
rows = collections.defaultdict(list)
print("| run | data | n_critic | critic width | other flags | W1/std | user CPU s |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for run in sorted(glob.glob(os.path.join(HERE, "1d", "*", "final.json"))):
    d = os.path.dirname(run)
    name, cfg, fin = os.path.basename(d), json.load(open(os.path.join(d, "config.json"))), json.load(open(run))
    log = open(d + ".log").read() if os.path.exists(d + ".log") else ""
    user = re.findall(r"([\d.]+) s wall ([\d.]+) user", log)
    other = [f for f in ("simultaneous", "critic_reuse") if cfg.get(f)]
    if cfg["width"] != 128:
        other.append(f"width {cfg['width']}")
    if cfg["critic_depth"] != 3:
        other.append(f"critic depth {cfg['critic_depth']}")
    if cfg["batch_size"] != 512:
        other.append(f"batch {cfg['batch_size']}")
    if cfg["critic_lr"] != 1e-3:
        other.append(f"critic lr {cfg['critic_lr']}")
    key = (cfg["data"], cfg["n_critic"], cfg["critic_width"], ", ".join(other))
    rows[key].append(fin["w1_over_std"])
    print(f"| {name} | {cfg['data']} | {cfg['n_critic']} | {cfg['critic_width']} | {', '.join(other)} | "
          f"{fin['w1_over_std']:.4f} | {user[0][1] if user else ''} |")
print("\n| data | n_critic | critic width | other flags | seeds | mean W1/std | min | max |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
for (data, nc, cw, other), w in sorted(rows.items()):
    print(f"| {data} | {nc} | {cw} | {other} | {len(w)} | {sum(w) / len(w):.4f} | {min(w):.4f} | {max(w):.4f} |")
