cd <checkout of f0a89a0> && /usr/bin/time -v python train1d.py --device cpu --out results/few_step_1d/dec01/budget_f0 > results/few_step_1d/dec01/budget_f0.log 2>&1
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name base_s0 -- --data trimodal --objective discrete --time-steps 4 --critic-reg 0.1 --n-critic 2 --steps 3000
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name base_s1 -- --data trimodal --objective discrete --time-steps 4 --critic-reg 0.1 --n-critic 2 --steps 3000 --seed 1
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name clr2e-3 -- --data trimodal --objective discrete --time-steps 4 --critic-reg 0.1 --n-critic 2 --steps 3000 --critic-lr 2e-3
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name roll_s0 -- --data trimodal --objective discrete --time-steps 4 --critic-reg 0.1 --n-critic 2 --steps 3000 --rollout
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name roll_sharp -- --data sharp --objective discrete --time-steps 4 --critic-reg 0.1 --n-critic 2 --steps 3000 --rollout
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name px0 -- --data trimodal --objective discrete --time-steps 4 --critic-reg 0.1 --n-critic 2 --steps 3000 --predict x0
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name k1_base -- --data trimodal --objective discrete --critic-reg 0.1 --time-steps 1 --n-critic 2 --steps 3000
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name k1_nc5 -- --data trimodal --objective discrete --critic-reg 0.1 --time-steps 1 --n-critic 5 --steps 1500
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name ot0.03 -- --data trimodal --objective discrete --time-steps 4 --n-critic 2 --critic-reg 0.1 --steps 3000 --ot-weight 0.03
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name reg0.03 -- --data trimodal --objective discrete --time-steps 4 --n-critic 2 --critic-reg 0.03 --steps 3000
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name bs1024 -- --data trimodal --objective discrete --time-steps 4 --n-critic 2 --critic-reg 0.1 --steps 2000 --batch-size 1024
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name ema9995 -- --data trimodal --objective discrete --time-steps 4 --n-critic 2 --critic-reg 0.1 --steps 3000 --ema-decay 0.9995
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name cw256 -- --data trimodal --objective discrete --time-steps 4 --n-critic 2 --critic-reg 0.1 --steps 3000 --critic-width 256
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name k1_reg0.025 -- --data trimodal --objective discrete --n-critic 2 --time-steps 1 --critic-reg 0.025 --steps 3000
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name reg0.01 -- --data trimodal --objective discrete --n-critic 2 --time-steps 4 --critic-reg 0.01 --steps 3000
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name k1_s4500 -- --objective discrete --n-critic 2 --data trimodal --time-steps 1 --critic-reg 0.025 --steps 4500
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name k1_cw500 -- --objective discrete --n-critic 2 --data trimodal --time-steps 1 --critic-reg 0.025 --steps 4000 --critic-warmup 500
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name k1_const -- --objective discrete --n-critic 2 --data trimodal --time-steps 1 --critic-reg 0.025 --steps 3000 --lr-schedule constant
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name k1_reg0.005 -- --data trimodal --objective discrete --n-critic 2 --time-steps 1 --critic-reg 0.005 --steps 3000
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name reg0.01_s1 -- --data trimodal --objective discrete --n-critic 2 --time-steps 4 --critic-reg 0.01 --steps 3000 --seed 1
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name k1_s4500_s1 -- --objective discrete --n-critic 2 --data trimodal --time-steps 1 --critic-reg 0.025 --steps 4500 --seed 1
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name sharp_reg0.01 -- --data sharp --objective discrete --n-critic 2 --time-steps 4 --critic-reg 0.01 --steps 3000
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name far_reg0.01 -- --data far --objective discrete --n-critic 2 --time-steps 4 --critic-reg 0.01 --steps 3000
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name k4r01_4500_s0 -- --objective discrete --n-critic 2 --time-steps 4 --data trimodal --critic-reg 0.01 --steps 4500
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name k1r005_4500_s0 -- --objective discrete --n-critic 2 --data trimodal --time-steps 1 --critic-reg 0.005 --steps 4500
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name k4r01_4500_s1 -- --objective discrete --n-critic 2 --time-steps 4 --data trimodal --critic-reg 0.01 --steps 4500 --seed 1
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name k1r005_4500_s1 -- --objective discrete --n-critic 2 --data trimodal --time-steps 1 --critic-reg 0.005 --steps 4500 --seed 1
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name k4r003 -- --objective discrete --n-critic 2 --time-steps 4 --data trimodal --critic-reg 0.003 --steps 3000
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name k1_s4500_s2 -- --objective discrete --n-critic 2 --data trimodal --time-steps 1 --critic-reg 0.025 --steps 4500 --seed 2
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name sharp_r01_4500 -- --objective discrete --n-critic 2 --time-steps 4 --data sharp --critic-reg 0.01 --steps 4500
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name sharp_r003 -- --objective discrete --n-critic 2 --time-steps 4 --data sharp --critic-reg 0.003 --steps 3000
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name reg0.01_s2 -- --data trimodal --objective discrete --n-critic 2 --time-steps 4 --critic-reg 0.01 --steps 3000 --seed 2
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name roll_ft -- --data trimodal --objective discrete --time-steps 4 --n-critic 2 --critic-reg 0.1 --steps 1000 --rollout --init-from results/few_step_1d/dec01/base_s0 --critic-warmup 100 --lr 3e-4
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name path_ft -- --data trimodal --objective discrete --time-steps 4 --n-critic 2 --critic-reg 0.1 --steps 1000 --init-from results/few_step_1d/dec01/base_s0 --critic-warmup 100 --lr 3e-4
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name k1r005_4500_s2 -- --data trimodal --objective discrete --n-critic 2 --time-steps 1 --critic-reg 0.005 --steps 4500 --seed 2
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name sharp_r01_4500_s1 -- --data sharp --objective discrete --n-critic 2 --time-steps 4 --critic-reg 0.01 --steps 4500 --seed 1
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name sharp_r01_4500_s2 -- --data sharp --objective discrete --n-critic 2 --time-steps 4 --critic-reg 0.01 --steps 4500 --seed 2
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name k4r01_nc3 -- --data trimodal --objective discrete --n-critic 3 --time-steps 4 --critic-reg 0.01 --steps 2200
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name sharp_k2 -- --data sharp --objective discrete --n-critic 2 --time-steps 2 --critic-reg 0.01 --steps 3000
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name far_k2 -- --data far --objective discrete --n-critic 2 --time-steps 2 --critic-reg 0.01 --steps 3000
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name sharp_k1 -- --data sharp --objective discrete --n-critic 2 --time-steps 1 --critic-reg 0.005 --steps 4500
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name far_k1 -- --data far --objective discrete --n-critic 2 --time-steps 1 --critic-reg 0.005 --steps 4500
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name k4r01_lr2e-3 -- --data trimodal --objective discrete --n-critic 2 --time-steps 4 --critic-reg 0.01 --steps 3000 --lr 2e-3
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name k4r01_lr5e-4 -- --data trimodal --objective discrete --n-critic 2 --time-steps 4 --critic-reg 0.01 --steps 3000 --lr 5e-4
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name reg0.01_s3 -- --data trimodal --objective discrete --n-critic 2 --time-steps 4 --critic-reg 0.01 --steps 3000 --seed 3
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name far_reg0.01_s1 -- --data far --objective discrete --n-critic 2 --time-steps 4 --critic-reg 0.01 --steps 3000 --seed 1
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name reg0.01_s4 -- --data trimodal --objective discrete --n-critic 2 --time-steps 4 --critic-reg 0.01 --steps 3000 --seed 4
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name far_reg0.01_s2 -- --data far --objective discrete --n-critic 2 --time-steps 4 --critic-reg 0.01 --steps 3000 --seed 2
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name lamt_s0 -- --data trimodal --objective discrete --n-critic 2 --time-steps 4 --critic-reg 0.01 --steps 3000 --lam t
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name bs256_s0 -- --data trimodal --objective discrete --n-critic 2 --time-steps 4 --critic-reg 0.01 --steps 5000 --batch-size 256
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name lamt_s1 -- --data trimodal --objective discrete --n-critic 2 --time-steps 4 --critic-reg 0.01 --steps 3000 --lam t --seed 1
python tools/few_step_1d.py --out results/few_step_1d/dec01 --name bs256_s1 -- --data trimodal --objective discrete --n-critic 2 --time-steps 4 --critic-reg 0.01 --steps 5000 --batch-size 256 --seed 1
python tools/hist_1d.py --out images/few_step_1d.png results/few_step_1d/dec01/k1r005_4500_s0:"trimodal, K=1" results/few_step_1d/dec01/reg0.01:"trimodal, K=4" results/few_step_1d/dec01/sharp_r01_4500:"sharp, K=4" results/few_step_1d/dec01/far_reg0.01:"far, K=4"   # run on the checkpoints, which are not committed
