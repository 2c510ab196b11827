#!/usr/bin/env python3
"""Independent mpmath oracle for xi = mean_i ||U_i - V_i|| - ||mean_i (U_i - V_i)|| where it is tiny.

Regenerate (from the repo root):

    python3 scripts/oracles/xi_corners.py > test/fixtures/edges/xi-corners.json

Written from docs/theory.md §2 without sigcheck's code: the differences of the exact doubles (float32
values widened) summed at 60 digits. Cases: the cross7 embeddings (a Construction-1 configuration
stored in float32, so xi is rounding-sized), a one-coordinate Construction-1 configuration in
float64 with a 1e-9 tilt on one row, and seeded random unit rows (xi of order 1).
"""
import json

import mpmath as mp
import numpy as np

mp.mp.dps = 60


def xi(U, V):
    n, d = U.shape
    D = [[mp.mpf(float(U[i, k])) - mp.mpf(float(V[i, k])) for k in range(d)] for i in range(n)]
    mean_norm = mp.fsum(mp.sqrt(mp.fsum(x * x for x in r)) for r in D) / n
    norm_mean = mp.sqrt(mp.fsum((mp.fsum(D[i][k] for i in range(n)) / n) ** 2 for k in range(d)))
    return mean_norm - norm_mean


def unit(X):
    return X / np.linalg.norm(X, axis=1, keepdims=True)


cases = []
U = np.load('test/fixtures/embeddings/cross7.U.f32.npy').astype(np.float64)
V = np.load('test/fixtures/embeddings/cross7.V.f32.npy').astype(np.float64)
cases.append({'name': 'cross7 (float32 Construction 1)', 'U': None, 'V': None, 'file': 'cross7', 'xi': mp.nstr(xi(U, V), 20)})

rng = np.random.default_rng(7)
x = unit(rng.standard_normal((12, 5)))
delta = 0.6
U = np.hstack([delta * x, np.full((12, 1), np.sqrt(1 - delta**2))])
V = np.hstack([delta * x, np.full((12, 1), -np.sqrt(1 - delta**2))])
V[3, 0] += 1e-9
cases.append({'name': 'one-coordinate construction, one row tilted by 1e-9', 'U': U.tolist(), 'V': V.tolist(), 'xi': mp.nstr(xi(U, V), 20)})

U = unit(rng.standard_normal((30, 4)))
V = unit(rng.standard_normal((30, 4)))
cases.append({'name': 'random unit rows', 'U': U.tolist(), 'V': V.tolist(), 'xi': mp.nstr(xi(U, V), 20)})
print(json.dumps({'generator': 'scripts/oracles/xi_corners.py', 'cases': cases}))
