#!/usr/bin/env python3
"""Independent mpmath oracle for the CCEM optimum far out on a regime edge, where 1 + c1* ~ 1/t.

Regenerate (from the repo root):

    python3 scripts/oracles/ccem_far_edges.py > test/fixtures/edges/ccem-far-edges.json

Written from docs/theory.md §1 without sigcheck's code. f(x) = sp(b - t x) + (N-1) sp(t c2(x) - b),
c2(x) = ((N-2)x - N)/(2(N-1)); the root of f' is found by bisection on e = 1 + x in (0, 2), on a
log scale first (e spans 1e-308 .. 1 here), with x = -1 + e and every logit formed from e directly
(b - t x = (b + t) - t e), so nothing cancels at 60 digits. delta = sqrt((2 - e)/e).
"""
import json

import mpmath as mp

mp.mp.dps = 60


def sp(z):
    return z + mp.log1p(mp.exp(-z)) if z > 0 else mp.log1p(mp.exp(z))


def logits(n, t, b, e):
    # b - t x and t c2 - b with x = -1 + e: c2 = -1 + (N-2) e / (2(N-1))
    return (b + t) - t * e, -(t + b) + t * (n - 2) * e / (2 * (n - 1))


def fprime_sign(n, t, b, e):
    zp, zn = logits(n, t, b, e)
    # f'/t = -sigma(zp) + ((N-2)/2) sigma(zn), compared in logs
    return mp.log(mp.mpf(n - 2) / 2) - sp(-zn) + sp(-zp)


points = []
for n, t, b in [(3, '1e15', '-1e15'), (3, '1e20', '-1e20'), (3, '1.7e308', '-1.7e308'), (3, '8e307', '-8e307'),
                (3, '1e8', '-1e8')]:
    T, B = mp.mpf(t), mp.mpf(b)
    lo, hi = mp.mpf(10) ** -330, mp.mpf(2)
    assert fprime_sign(n, T, B, lo) < 0 < fprime_sign(n, T, B, hi)
    for _ in range(400):  # geometric, then arithmetic once the bracket is within a factor 2
        mid = mp.sqrt(lo * hi) if hi > 2 * lo else (lo + hi) / 2
        if fprime_sign(n, T, B, mid) < 0:
            lo = mid
        else:
            hi = mid
    e = (lo + hi) / 2
    zp, zn = logits(n, T, B, e)
    points.append({'N': n, 't': t, 'b': b, 'regime': 'interior', 'onePlusC1': mp.nstr(e, 20),
                   'delta': mp.nstr(mp.sqrt((2 - e) / e), 20), 'loss': mp.nstr(sp(zp) + (n - 1) * sp(zn), 20)})
print(json.dumps({'generator': 'scripts/oracles/ccem_far_edges.py', 'points': points}, indent=2))
