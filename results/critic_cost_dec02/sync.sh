# copy the records of /work/exp/i3 and /work/exp/i3b (two one-lane queues) here: configs, metrics, logs, eval lines
# (into each run's folder, where tools/runs_table.py reads them) and grids; no checkpoints
D=$(dirname "$0")
for S in /work/exp/i3 /work/exp/i3b; do
  q=$(basename $S); cp $S/jobs.py $D/jobs_$q.py; cp $S/queue.log $D/queue_$q.log
  for r in $S/*_s0; do
    n=$(basename $r); mkdir -p $D/$n $D/logs; cp $r/config.json $r/metrics.jsonl $r/samples_ema_*.png $D/$n/
    [ -f $S/evals/$n/eval.jsonl ] && cp $S/evals/$n/eval.jsonl $S/evals/$n/*.png $D/$n/
  done
  cp $S/logs/*.log $D/logs/
done
cp /work/exp/i3/step_seconds_1.txt $D/
