set -e
cd /work/exp/p16; D=/work/main/results/post13_dec05c; REF=/work/main/results/post13_dec05b/DSbEHu3_s1/final.json
for r in K2_s0 K2_s1 K2_20_s0 K2_20_s1 K1_s0 K1_s1 K1_20_s0 K1_20_s1 DSbEHw_s0 DSbEHm_s0 DSbEHh_s0; do
  [ -f $r/config.json ] || continue
  mkdir -p $D/$r; cp $r/config.json $r/metrics.jsonl $D/$r/; tail -n1 $r.log > $D/$r/final.json
  last=$(ls $r/samples_ema_*.png | tail -1); cp $last $D/$r/
done
mkdir -p $D/evals $D/logs
for e in evals/*/; do n=$(basename $e); [ $(find $e -newer $REF -name eval.jsonl | wc -l) -gt 0 ] || continue
  mkdir -p $D/evals/$n; cp $e/eval.jsonl $e/*.png $D/evals/$n/ 2>/dev/null || true; done
find . -maxdepth 1 -name "*.log" -newer $REF -exec cp {} $D/logs/ \;
du -sh $D
