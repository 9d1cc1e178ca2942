# copy the records of /work/exp/fs12 (the queue's folder) here: configs, metrics, logs, eval lines and grids; no checkpoints
S=/work/exp/fs12; D=$(dirname "$0")
cp $S/jobs.py $S/queue.py $S/pick.py $S/queue.log $D/
for r in fm d1 d2 d4 d8 wgan post5_d4 post5_d4lr post10_d4; do
  [ -f $S/$r/config.json ] || continue; mkdir -p $D/$r; cp $S/$r/config.json $S/$r/metrics.jsonl $D/$r/
  ls $S/$r/samples_ema_*.png 2>/dev/null | tail -1 | xargs -r -I{} cp {} $D/$r/
done
mkdir -p $D/logs $D/evals; cp $S/logs/*.log $D/logs/
for e in $S/evals/*/; do [ -f $e/eval.jsonl ] && { mkdir -p $D/evals/$(basename $e); cp $e/eval.jsonl $e/*.png $D/evals/$(basename $e)/; }; done
