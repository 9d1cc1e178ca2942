"""FID of the first 10k training images (features from the reference's own chunks) against the 60k statistics, cache and packed copy."""
import glob, json, os, sys
import numpy as np
sys.path.insert(0, "/work/main")
import fid
cache = sys.argv[1]; packed = sys.argv[2]; parts = sys.argv[3]
feats = np.concatenate([np.load(os.path.join(parts, f"{i:05d}.npy")) for i in range(5)])
out = {"n": int(feats.shape[0])}
for name, path in (("cache", cache), ("packed", packed)):
    mu, sigma = fid.load_reference(path)
    out[name] = round(fid.fid_from_features(feats, mu, sigma), 4)
print(json.dumps(out))
