# copy the records of /work/exp/p13 (the queue's folder) here: configs, metrics, logs, eval lines and grids; no checkpoints
S=/work/exp/p13; D=$(dirname "$0")
cp $S/jobs.py $S/queue.py $S/pick.py $S/queue.log $D/
for r in fm_s0 fm_s1 cgan_s0 cgan_s1 fmft_s0 fmft_s1; do
  [ -f $S/$r/config.json ] || continue; mkdir -p $D/$r; cp $S/$r/config.json $S/$r/metrics.jsonl $D/$r/
done
mkdir -p $D/logs $D/evals; cp $S/logs/*.log $D/logs/
for e in $S/evals/*/; do [ -f $e/eval.jsonl ] && { mkdir -p $D/evals/$(basename $e); cp $e/eval.jsonl $e/*.png $D/evals/$(basename $e)/; }; done
