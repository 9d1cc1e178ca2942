cd /work/exp/p16
sc() { env OMP_NUM_THREADS=1 /work/venv/bin/python /work/main/evaluate.py --device cpu --n 2000 --images nfe3/$1.npy --dataset fashion_mnist --no-download --data-dir /usr/share/datasets/fashion-mnist --out evals/$2 > eval_$2.log 2>&1; }
sc T10_s1_mid-euler_0.333333 mf_T10_nfe3_mid-euler_0.333333_s1 & sc T20_s0_mid-euler_0.333333 mf_T20_nfe3_mid-euler_0.333333_s0 & wait
sc T20_s1_mid-euler_0.333333 mf_T20_nfe3_mid-euler_0.333333_s1 & sc mid-euler_0.3 mf_T10_nfe3_mid-euler_0.3_s0 & wait
sc mid-euler_0.4 mf_T10_nfe3_mid-euler_0.4_s0
