# The commands of the few-step Fashion-MNIST runs as they ran on 2026-11-28 (bash commands.sh NAME); runs went to /work/exp/img/NAME.
# Scoring: python evaluate.py RUN --device cpu --n 500 --ref-n 2000 --cache-dir CACHE --batch-size 250 [--ode-method M --ode-steps S]
cd /work/main; export PATH=/work/venv/bin:$PATH
SMALL="--batch-size 64 --model-channels 16 --channel-mult 1 2 --num-res-blocks 1 --attention-resolutions --lr 1e-3 --critic-lr 1e-3 --lr-schedule constant"
COMMON="--dataset fashion_mnist --data-dir /usr/share/datasets/fashion-mnist --device cpu --threads 1 --log-every 100 --steps 100000 --time-limit 10 --time-clock cpu"
case $1 in
fm) python train_images_simple.py $COMMON --out /work/exp/img/fm $SMALL --objective fm ;;
wgan) python train_wgan_gp.py $COMMON --out /work/exp/img/wgan_gp --dim 32 --critic-dim 32 ;;
esac
case $1 in
d4) python train_images_simple.py $COMMON --out /work/exp/img/d4 $SMALL --objective discrete --time-steps 4 --n-critic 3 --critic-reg 0.1 --critic-channels 32 ;;
d4x0) python train_images_simple.py $COMMON --out /work/exp/img/d4x0 $SMALL --objective discrete --time-steps 4 --n-critic 3 --critic-reg 0.1 --critic-channels 32 --predict x0 ;;
esac
case $1 in
d1x0) python train_images_simple.py $COMMON --out /work/exp/img/d1x0 $SMALL --objective discrete --time-steps 1 --n-critic 3 --critic-reg 0.1 --critic-channels 32 --predict x0 ;;
esac
