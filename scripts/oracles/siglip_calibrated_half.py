#!/usr/bin/env python3
"""Independent mpmath oracle for the calibrated init logit_bias at priors near 1/2.
Regenerate (from the repo root):
    python3 scripts/oracles/siglip_calibrated_half.py > test/fixtures/siglip/calibrated-half.json
Written from docs/theory.md §5.1 without sigcheck's code: logit_bias solves
E[sigmoid(t s + lb)] = pi, s the cosine of two independent uniform unit vectors in R^d (density
sin(theta)^(d-2) / B(1/2, (d-1)/2) in s = cos(theta)). Here the equation is written as
E[tanh((t s + lb)/2)] = 2 pi - 1, integrated by mpmath.quad at 40 digits (split at the peak and the
threshold) and the root bisected 200 times on [-t-2, t+2]. pi is the double nearest the listed
decimal, taken exactly (the function's input is that double), except in the rows marked "decimal",
where it is the decimal itself (the CLI passes 1 - pi and 2 pi - 1 formed from the typed text). At pi = 1/2 the root is 0 by the
symmetry s <-> -s.
"""
import json
import mpmath as mp

mp.mp.dps = 40


def expect(g, d, t, lb):
    d = mp.mpf(d)
    norm = mp.beta(mp.mpf(1) / 2, (d - 1) / 2)
    sd = 1 / mp.sqrt(d)
    ss = [k * sd for k in (-12, -6, -3, 3, 6, 12) if abs(k * sd) < 1] + ([-lb / t] if abs(lb / t) < 1 else [])
    pts = sorted(set([mp.mpf(0), mp.pi / 2, mp.pi] + [mp.acos(x) for x in ss]))
    return mp.quad(lambda th: g(mp.cos(th)) * mp.sin(th) ** (d - 2), pts) / norm


def calibrated(prior, d, t):
    target = 2 * prior - 1
    lo, hi = -t - 2, t + 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if expect(lambda s: mp.tanh((t * s + mid) / 2), d, t, mid) < target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


CASES = [("0.5", 2, "10"), ("0.5", 768, "117.8"), ("0.51", 16, "10"), ("0.4999", 768, "117.8"),
         ("0.4999999", 16, "10"), ("0.25", 3, "1"), ("0.7", 64, "30"), ("0.74", 2, "1000"),
         ("0.3333333333333333", 2, "1e-300")]
# the prior as the typed decimal itself (the CLI passes 1 - pi and 2 pi - 1 formed from the text)
DECIMAL_CASES = [("0.4999999", 16, "10"), ("0.5000001", 768, "117.8"), ("0.4999", 768, "117.8")]
rows = []
for prior, d, t in CASES:
    p = mp.mpf(float(prior))
    tt = mp.mpf(float(t))
    root = mp.mpf(0) if p == mp.mpf(1) / 2 else calibrated(p, d, tt)
    rows.append({"prior": prior, "d": d, "t": t, "logitBias": mp.nstr(root, 25)})
for prior, d, t in DECIMAL_CASES:
    root = calibrated(mp.mpf(prior), d, mp.mpf(float(t)))
    rows.append({"prior": prior, "d": d, "t": t, "decimal": True, "logitBias": mp.nstr(root, 25)})
print(json.dumps({"generator": "scripts/oracles/siglip_calibrated_half.py", "cases": rows}, indent=2))
