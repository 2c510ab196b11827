#!/usr/bin/env python3
"""Independent mpmath oracle for the init logit_bias at priors typed near 1 (and near 0).

Regenerate (from the repo root; about a minute):

    python3 scripts/oracles/siglip_prior_corners.py > test/fixtures/siglip/prior-corners.json

Written from docs/theory.md §5.1 without sigcheck's code: logit_bias = ln(pi / (1 - pi)) on the
decimal as typed (mpmath at 60 digits), and the calibrated bias, E[sigmoid(t s + lb)] = pi over the
cosine density sin(theta)^(d-2) / B(1/2, (d-1)/2) in s = cos(theta), by bisection at 30 digits
(the integrand is divided by sigmoid(lb) so that mp.quad's absolute tolerance stays relative).
"""
import json

import mpmath as mp

mp.mp.dps = 60
priors = []
for p in ['0.9999999999999999', '0.999999999999999', '0.99999999', '1e-300', '0.001']:
    P = mp.mpf(p)
    priors.append({'prior': p, 'logitBias': mp.nstr(mp.log(P / (1 - P)), 20)})

mp.mp.dps = 30
d, t = 768, 10
norm = mp.beta(mp.mpf(1) / 2, mp.mpf(d - 1) / 2)
sd = 1 / mp.sqrt(d)
pts = sorted(set([mp.mpf(0), mp.pi / 2, mp.pi] + [mp.acos(k * sd) for k in (-12, -6, -3, 3, 6, 12)]))


def mean_p(lb):
    sc = 1 / (1 + mp.exp(-lb))
    f = lambda th: (1 / (1 + mp.exp(-(t * mp.cos(th) + lb)))) / sc * mp.sin(th) ** (d - 2)
    return sc * mp.quad(f, pts) / norm


calibrated = []
for p in ['0.999999999999999']:
    P = mp.mpf(p)
    lo, hi = mp.log(P / (1 - P)) - t - 1, mp.log(P / (1 - P)) + t + 1
    for _ in range(80):
        mid = (lo + hi) / 2
        # E[sigmoid] near 1: compare the complements, E[sigmoid(-(t s + lb))] against 1 - pi
        if 1 - mean_p(mid) > 1 - P:
            lo = mid
        else:
            hi = mid
    calibrated.append({'prior': p, 'd': d, 't': t, 'calibratedLogitBias': mp.nstr((lo + hi) / 2, 17)})
print(json.dumps({'generator': 'scripts/oracles/siglip_prior_corners.py', 'priors': priors,
                  'calibrated': calibrated}, indent=2))
