"""fp32 vs --bf16 training loss at equal steps (mean over windows of 250 steps) from metrics.jsonl; run it in results/speed_dec02/images."""
import json, sys
def rows(run):
    return {r["step"]: r for r in map(json.loads, open(f"{run}/metrics.jsonl")) if "step" in r}
for obj, key in (("fm", "loss_g"), ("cgan", "c_value")):
    try:
        a, b = rows(f"{obj}32_s0"), rows(f"{obj}16_s0")
    except OSError:
        continue
    steps = sorted(set(a) & set(b))
    print(obj, key)
    for lo in range(0, max(steps) + 1, 250):
        w = [s for s in steps if lo < s <= lo + 250]
        if w:
            ma = sum(a[s][key] for s in w) / len(w); mb = sum(b[s][key] for s in w) / len(w)
            print(f"  steps {lo+1}-{lo+250}: fp32 {ma:.4f} bf16 {mb:.4f} ({(mb/ma-1)*100:+.1f}%)" if ma else "")
    print("  CPU s/step fp32 %.3f bf16 %.3f" % (a[max(steps)]["train_s"] / max(steps), b[max(steps)]["train_s"] / max(steps)))
