# copy the records of /work/exp/p13c (the queue's folder; two queue processes, queue.log and queue2.log) here:
# configs, metrics, logs, eval lines and grids; no checkpoints. fm_s0 and fm_s1 continue the runs of
# results/post13_dec02b (their metrics.jsonl holds both parts; the first 40 minutes are that folder's run).
S=/work/exp/p13c; D=$(dirname "$0")
cp $S/jobs.py $S/queue.log $S/queue2.log $D/
for r in $S/fm_s? $S/cgan*_s?; do
  [ -f $r/config.json ] || continue; mkdir -p $D/$(basename $r); cp $r/config.json $r/metrics.jsonl $D/$(basename $r)/
done
mkdir -p $D/logs $D/evals; cp $S/logs/*.log $D/logs/
for e in $S/evals/*/; do [ -f $e/eval.jsonl ] && { mkdir -p $D/evals/$(basename $e); cp $e/eval.jsonl $e/*.png $D/evals/$(basename $e)/; }; done
