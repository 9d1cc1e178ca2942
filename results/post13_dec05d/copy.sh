set -e
cd /work/exp/p16; D=/work/main/results/post13_dec05d; REF=/tmp/ref_dec05d  # touch -d '2026-12-05 10:10:00' /tmp/ref_dec05d: before this session's first job
for r in K3_s0 K3_s1 K3_20_s0 K3_20_s1; do
  [ -f $r/config.json ] || continue
  mkdir -p $D/$r; cp $r/config.json $r/metrics.jsonl $D/$r/; tail -n1 $r.log > $D/$r/final.json
  last=$(ls $r/samples_ema_*.png | tail -1); cp $last $D/$r/
done
mkdir -p $D/evals $D/logs
for e in evals/*/; do n=$(basename $e); [ $(find $e -newer $REF -name eval.jsonl | wc -l) -gt 0 ] || continue
  mkdir -p $D/evals/$n; cp $e/eval.jsonl $e/*.png $D/evals/$n/ 2>/dev/null || true; done
find . -maxdepth 1 -name "*.log" -newer $REF -exec cp {} $D/logs/ \;
du -sh $D
