# copy the records of /work/exp/p13e (the queue's folder) here: the queue file and log, every run's config and
# metrics, the logs, eval lines and grids; no checkpoints.
S=/work/exp/p13e; D=$(dirname "$0")
cp $S/jobs.py $S/queue.log $D/
for r in $S/fm_s? $S/cgan*_s?; do
  [ -f $r/config.json ] || continue; mkdir -p $D/$(basename $r); cp $r/config.json $r/metrics.jsonl $D/$(basename $r)/
done
mkdir -p $D/logs $D/evals; cp $S/logs/*.log $D/logs/
for e in $S/evals/*/; do [ -f $e/eval.jsonl ] && { mkdir -p $D/evals/$(basename $e); cp $e/eval.jsonl $e/*.png $D/evals/$(basename $e)/; }; done
