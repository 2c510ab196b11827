"""The fixed-(t, b_rel) clamp runs of the BBNP25 code (MoreModalities.ipynb fixed (200, 0), k = 4;
AblationStudy.ipynb t = 100, k = 2) re-implemented in numpy, to find which arithmetic sets the
number of stuck pairs.

Independent route: the forward pass of SigLIPLoss.forward (F.normalize, sigmoid, -log(p + 1e-8),
mean, pairs averaged) and its backward written out by hand in torch's order, torch.optim.Adam
(defaults), rows renormalised after each step. Random starts come from numpy (not torch).

Arithmetic (argv[1]):
  f32       float32 throughout, as torch on CPU (the authors' runs)
  f64-f32s  float64 except the sigmoid rounded to float32 (what sigcheck's clamp-f32 trainer does)
Usage: python3 scripts/oracles/kmodal_clamp.py MODE K T DRAWS [STEPS] [FIRST_SEED]
Prints one JSON line per draw: the printed loss (pair mean) and the stuck (wrong-side) pairs.
"""
import json
import sys

import numpy as np

np.seterr(over="ignore", under="ignore")

N, D = 100, 10
LR, B1, B2, EPS = 1e-2, 0.9, 0.999, 1e-8
CLAMP = 1e-8


def run(mode, k, t, seed, steps):
    dt = np.float32 if mode == "f32" else np.float64
    rng = np.random.default_rng(seed)
    xs = []
    for _ in range(k):
        x = rng.standard_normal((N, D)).astype(dt)
        xs.append(x / np.linalg.norm(x, axis=1, keepdims=True))
    ms = [np.zeros((N, D), dt) for _ in range(k)]
    vs = [np.zeros((N, D), dt) for _ in range(k)]
    pairs = [(a, b) for a in range(k) for b in range(a + 1, k)]
    eye = np.eye(N, dtype=bool)
    w = dt(1.0 / (N * N * len(pairs)))
    tt = dt(t)
    loss = 0.0
    for s in range(1, steps + 1):
        gs = [np.zeros((N, D), dt) for _ in range(k)]
        loss = 0.0
        for a, b in pairs:
            sim = (xs[a] @ xs[b].T).astype(dt)
            z = sim * tt
            if mode == "f32":
                p = (1 / (1 + np.exp(-z))).astype(dt)
            else:
                p = (1 / (1 + np.exp(-z.astype(np.float64)))).astype(np.float32).astype(dt)
            one = (dt(1) - p).astype(dt)
            xpos = p + dt(CLAMP)
            xneg = one + dt(CLAMP)
            loss += float(np.where(eye, -np.log(xpos), -np.log(xneg)).mean()) / len(pairs)
            dp = np.where(eye, -w / xpos, w / xneg).astype(dt)
            dz = (dp * one * p).astype(dt)
            dsim = dz * tt
            ga = dsim @ xs[b]
            gb = dsim.T @ xs[a]
            # F.normalize at unit rows: the tangent projection
            gs[a] += ga - xs[a] * (xs[a] * ga).sum(axis=1, keepdims=True)
            gs[b] += gb - xs[b] * (xs[b] * gb).sum(axis=1, keepdims=True)
        for i in range(k):
            g = gs[i]
            ms[i] = ms[i] + dt(1 - B1) * (g - ms[i])
            vs[i] = vs[i] * dt(B2) + dt(1 - B2) * g * g
            denom = np.sqrt(vs[i]) / dt(np.sqrt(1 - B2**s)) + dt(EPS)
            xs[i] = (xs[i] - dt(LR / (1 - B1**s)) * ms[i] / denom).astype(dt)
            xs[i] = xs[i] / np.linalg.norm(xs[i], axis=1, keepdims=True)
    wrong = 0
    for a, b in pairs:
        g = xs[a].astype(np.float64) @ xs[b].astype(np.float64).T
        wrong += int((g[eye] <= 0).sum() + (g[~eye] >= 0).sum())
    return {"mode": mode, "k": k, "t": t, "seed": seed, "lossPrinted": loss, "wrong": wrong,
            "wrongPerPair": wrong / len(pairs), "plateau": wrong * np.log(1e8) / (N * N * len(pairs))}


def main():
    mode, k, t, draws = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    steps = int(sys.argv[5]) if len(sys.argv) > 5 else 10_000
    first = int(sys.argv[6]) if len(sys.argv) > 6 else 1
    for seed in range(first, first + draws):
        print(json.dumps(run(mode, k, t, seed, steps)), flush=True)


if __name__ == "__main__":
    main()
