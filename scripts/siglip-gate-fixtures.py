"""Embedding pairs for the analyze --require gates: U_i = (delta x_i, w), V_i = (delta x_i, -w),
w = sqrt(1 - delta^2), x the 14 vectors +-e_k of the cross-polytope in R^7 (max inner product 0),
rotated by a seeded random orthogonal map. Closed form: m* = delta^2 / 2, b* = (3 delta^2 - 2)/2,
top-1 retrieval 1, e_8 separates U from V. Written as float64 .npy with numpy; expected.json
holds the closed form and numpy's own measurement of it.

Run: python3 scripts/siglip-gate-fixtures.py
"""
import json
import os
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'siglip', 'gates')
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(17)
q, r = np.linalg.qr(rng.standard_normal((8, 8)))
q = q * np.sign(np.diag(r))
x = np.concatenate([np.eye(7), -np.eye(7)])
expected = {}
for name, delta2 in [('small-margin', 0.06), ('large-margin', 0.8)]:
    d = np.sqrt(delta2)
    w = np.sqrt(1 - delta2)
    u = np.hstack([d * x, np.full((14, 1), w)]) @ q.T
    v = np.hstack([d * x, np.full((14, 1), -w)]) @ q.T
    g = u @ v.T
    off = g[~np.eye(14, dtype=bool)]
    for arr, side in ((u, 'U'), (v, 'V')):
        path = os.path.join(OUT, f'{name}.{side}.npy')
        np.save(path + '.tmp.npy', arr.astype('<f8'))
        os.replace(path + '.tmp.npy', path)
    expected[name] = {
        'mStar': delta2 / 2, 'bStar': (3 * delta2 - 2) / 2,
        'numpyMStar': float((np.diag(g).min() - off.max()) / 2),
        'retrieval': float(np.mean(g.argmax(axis=1) == np.arange(14))),
    }
with open(os.path.join(OUT, 'expected.json'), 'w') as fh:
    json.dump(expected, fh, indent=2)
    fh.write('\n')
print(json.dumps(expected, indent=1))
