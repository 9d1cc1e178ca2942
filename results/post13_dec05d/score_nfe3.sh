cd /work/exp/p16
while pgrep -f "ci-venv" > /dev/null; do sleep 10; done
sc() { env OMP_NUM_THREADS=1 /work/venv/bin/python /work/main/evaluate.py --device cpu --n 2000 --images nfe3/$1.npy --dataset fashion_mnist --no-download --data-dir /usr/share/datasets/fashion-mnist --out evals/mf_T10_nfe3_$1_s0 > eval_mf_T10_nfe3_$1_s0.log 2>&1; }
sc mid-euler_0.5 & sc euler-mid_0.5 & wait
sc mid-euler_0.333333 & sc euler-mid_0.666667 & wait
sc mid-mid_0.5
