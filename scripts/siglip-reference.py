"""Reference values for src/siglip from mpmath (independent of the TypeScript code).

Writes test/fixtures/siglip/reference.json. Run: python3 scripts/siglip-reference.py
Each expectation over the cosine density (1-s^2)^((d-3)/2) / B(1/2, (d-1)/2) on [-1, 1] is
computed at 40 digits twice (tanh-sinh and Gauss-Legendre, with the interval split near the peak
and at the threshold b/t); the script refuses to write if the two disagree beyond 1e-25.
"""
import json
import os
import mpmath as mp

mp.mp.dps = 40

def softplus(z):
    return mp.log1p(mp.exp(z)) if z < 0 else z + mp.log1p(mp.exp(-z))

def expect(g, d):
    # s = cos(theta): the density becomes sin(theta)^(d-2) dtheta / B(1/2, (d-1)/2) on [0, pi]
    d = mp.mpf(d)
    norm = mp.beta(mp.mpf(1) / 2, (d - 1) / 2)
    return lambda pts, method: mp.quad(lambda th: g(mp.cos(th)) * mp.sin(th) ** (d - 2), pts, method=method) / norm

def both(g, d, t, b):
    sd = 1 / mp.sqrt(d)
    ss = [k * sd for k in (-12, -6, -3, 3, 6, 12) if abs(k * sd) < 1] + ([mp.mpf(b) / t] if abs(mp.mpf(b) / t) < 1 else [])
    pts = sorted(set([mp.mpf(0), mp.pi / 2, mp.pi] + [mp.acos(x) for x in ss]))
    f = expect(g, d)
    a = f(pts, 'tanh-sinh')
    c = f(pts, 'gauss-legendre')
    if abs(a - c) > mp.mpf('1e-25') * abs(a):
        raise SystemExit(f'quadratures disagree for d={d} t={t} b={b}: {a} vs {c}')
    return a

cases = []
for d, t, b in [(768, 10, 10), (1152, '117.8', '12.9'), (3, 10, 10), (2, 5, -3), (64, 1, 0),
                (1024, 10, '6.931471805599453'), (768, '117.8', '12.9'), (16, 30, 5),
                (2, 1000, 3), (5, 300, -20)]:
    t = mp.mpf(float(t)); b = mp.mpf(float(b))  # the doubles the TypeScript side sees
    pos = both(lambda s: softplus(b - t * s), d, t, b)
    neg = both(lambda s: softplus(t * s - b), d, t, b)
    cases.append({'d': d, 't': float(t), 'b': float(b), 'positive': mp.nstr(pos, 30), 'negative': mp.nstr(neg, 30),
                  'logNormaliser': mp.nstr(mp.log(mp.beta(mp.mpf(1) / 2, mp.mpf(d - 1) / 2)), 30)})

calibrated = []
for prior_batch, d, t in [(1024, 768, 10), (32768, 1152, '117.8')]:
    t = mp.mpf(float(t))
    prior = mp.mpf(1) / prior_batch
    sd = 1 / mp.sqrt(d)
    pts = sorted(set([mp.mpf(0), mp.pi / 2, mp.pi] + [mp.acos(k * sd) for k in (-12, -6, -3, 3, 6, 12) if abs(k * sd) < 1]))
    def mean_p(lb, method='tanh-sinh'):
        return expect(lambda s: 1 / (1 + mp.exp(-(t * s + lb))), d)(pts, method) - prior
    lb0 = mp.log(prior / (1 - prior))
    lo, hi = lb0 - t - 1, lb0 + t + 1  # E[sigmoid] increases in the bias
    for _ in range(140):
        mid = (lo + hi) / 2
        if mean_p(mid) < 0: lo = mid
        else: hi = mid
    root = (lo + hi) / 2
    if abs(mean_p(root, 'gauss-legendre')) > mp.mpf('1e-25') * prior:
        raise SystemExit('calibrated bias: Gauss-Legendre disagrees at the root')
    calibrated.append({'batch': prior_batch, 'd': d, 't': float(t), 'logitBias': mp.nstr(root, 25)})

out = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'siglip', 'reference.json')
with open(out + '.tmp', 'w') as fh:
    json.dump({'generator': 'scripts/siglip-reference.py (mpmath %s, 40 digits)' % mp.__version__,
               'cases': cases, 'calibrated': calibrated}, fh, indent=2)
    fh.write('\n')
os.replace(out + '.tmp', out)
print(json.dumps(cases[:2], indent=1)); print(calibrated)
