"""Compute FID reference feature chunks i % n == shard into the same .parts folder evaluate.py uses."""
import os, sys, time
import numpy as np, torch
torch.set_num_threads(1)
sys.path.insert(0, "/work/main")
import fid, data
shard, n = int(sys.argv[1]), int(sys.argv[2])
images = data.load_images("fashion_mnist", download=False)
path = fid.reference_cache_path(images, "fashion_mnist_train")
parts = path[:-4] + ".parts"; os.makedirs(parts, exist_ok=True)
print(path, flush=True)
ext = fid.InceptionFeatures("cpu", batch_size=int(os.environ.get("FIDBS", "5")))
chunk = 2000
for i, start in enumerate(range(0, images.shape[0], chunk)):
    if i % n != shard: continue
    part = os.path.join(parts, f"{i:05d}.npy")
    if os.path.isfile(part): continue
    t = time.time()
    feats = ext(images[start:start + chunk])
    np.save(part + f".tmp{shard}.npy", feats); os.replace(part + f".tmp{shard}.npy", part)
    print(f"chunk {i} done in {time.time()-t:.0f}s", flush=True)
