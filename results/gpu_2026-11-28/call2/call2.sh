#!/bin/bash
# GPU call 2 (2026-11-28): gpu_check.sh steps 2-3 (tests, reference, fm/cgan 2 min, 5k FIDs) and, beside them,
# issue 11/13 extras at the default sizes: discrete K=4 from scratch (2 min), then from fm's 2-min checkpoint
# 1 more minute of fm, cgan and discrete K=4 (post-training), each scored on 5k samples.
set -u
T0=$(date +%s); el() { echo $(( $(date +%s) - T0 )); }
R=/tmp/gc2; C=$R/check; E=$R/extra; mkdir -p $C $E /tmp/fmnist
export OMP_NUM_THREADS=3 PYTHONUNBUFFERED=1
cp runs/gpu_b/train-* /tmp/fmnist/
W=/tmp/default_1.pt
if [ -f /tmp/w/incep_00 ]; then cat /tmp/w/incep_00 /tmp/w/incep_01 runs/gpu_b/incep_02 > $W; fi
sha1sum $W 2>&1 | tee $R/weights.txt
( while sleep 15; do tar czf $OUT/.r.tgz -C /tmp --exclude='*.pt' --exclude='*.npz' --exclude='*.npy' gc2 2>/dev/null && mv $OUT/.r.tgz $OUT/r.tgz; done ) &
TAR=$!
OUT=$C timeout 400 bash tools/gpu_check.sh --only tests,reference,train_fm,train_cgan,eval_fm,eval_cgan \
  --data-dir /tmp/fmnist --inception $W > $R/gpu_check.log 2>&1 &
GC=$!
D="--dataset fashion_mnist --data-dir /tmp/fmnist --no-download --device cuda:0 --compile --steps 100000 --log-every 100"
DISC="--objective discrete --time-steps 4 --n-critic 3 --critic-reg 0.1"
EV="--device cuda:0 --data-dir /tmp/fmnist --no-download --cache-dir $C/cache --inception $W --n 5000 --fid-batch-size 250"
timeout 240 python3 train_images_simple.py $D $DISC --time-limit 2 --out $E/disc_k4 > $E/disc_k4.log 2>&1 &
# wait for fm's 2-minute checkpoint
while ! grep -q '"train_fm"' $C/checks.jsonl 2>/dev/null; do sleep 2; [ $(el) -gt 330 ] && break; done
echo "fm done at $(el) s" >> $R/times.txt
if ls $C/fm/checkpoint_*.pt >/dev/null 2>&1 && [ $(el) -lt 300 ]; then
  timeout 150 python3 train_images_simple.py $D --objective fm --init-from $C/fm --time-limit 1 --out $E/fm_more > $E/fm_more.log 2>&1 &
  timeout 150 python3 train_images_simple.py $D --objective cgan --init-from $C/fm --critic-warmup 200 --time-limit 1 --out $E/cgan_post > $E/cgan_post.log 2>&1 &
  timeout 150 python3 train_images_simple.py $D $DISC --init-from $C/fm --critic-warmup 200 --time-limit 1 --out $E/disc_post > $E/disc_post.log 2>&1 &
fi
wait $GC; echo "gpu_check done at $(el) s" >> $R/times.txt
# few-step baselines of the fm parent while the post-training runs finish
for m in "euler 4" "midpoint 2" "euler 1"; do set -- $m
  timeout 90 python3 evaluate.py $C/fm $EV --ode-method $1 --ode-steps $2 --out $E/fm_parent > $E/eval_fm_parent_$1$2.log 2>&1 &
done
wait
echo "trainings done at $(el) s" >> $R/times.txt
for run in disc_k4 disc_post; do [ -d $E/$run ] && timeout 90 python3 evaluate.py $E/$run $EV > $E/eval_$run.log 2>&1 & done
for run in fm_more cgan_post; do [ -d $E/$run ] && timeout 90 python3 evaluate.py $E/$run $EV --ode-method midpoint --ode-steps 20 > $E/eval_$run.log 2>&1 & done
[ -d $E/fm_more ] && timeout 90 python3 evaluate.py $E/fm_more $EV --ode-method euler --ode-steps 4 --out $E/fm_more_e4 > $E/eval_fm_more_e4.log 2>&1 &
wait
echo "all done at $(el) s" >> $R/times.txt
kill $TAR
tar czf $OUT/r.tgz -C /tmp --exclude='*.pt' --exclude='*.npz' --exclude='*.npy' gc2
REF=$(ls $C/cache/fid_fashion_mnist_train_60000_*.npz 2>/dev/null | head -1)
[ -n "$REF" ] && cp $REF $OUT/ && (cd $OUT && split -n 3 -d $(basename $REF) ref_part_ && rm $(basename $REF)) && sha1sum $REF > $OUT/ref_sha1.txt
cat $R/times.txt; tail -12 $R/gpu_check.log; grep -h '"fid"' $C/fm/eval.jsonl $C/cgan/eval.jsonl $E/*/eval.jsonl 2>/dev/null | cut -c1-200
