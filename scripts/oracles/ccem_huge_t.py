#!/usr/bin/env python3
"""Independent mpmath oracle for log10 of the CCEM optimum's per-anchor loss at t, b far beyond
decimal.js's exponent range (the loss is about 10^-(1e19 .. 1e307)), as `plan` and `siglip` accept.
Regenerate (from the repo root):
    python3 scripts/oracles/ccem_huge_t.py > test/fixtures/edges/ccem-huge-t.json
Written from docs/theory.md §1 without sigcheck's code: f(x) = sp(b - t x) + (N-1) sp(t c2(x) - b),
c2(x) = ((N-2) x - N)/(2(N-1)). Deep in both tails f'(x) = 0 reads b - t x = ln((N-2)/2) + t c2(x) - b
(log sigma(z) = z there), solved by findroot at 60 digits; t and b are the doubles of the texts.
"""
import json
import mpmath as mp

mp.mp.dps = 60


def sp(z):
    return mp.log1p(mp.exp(z)) if z < 0 else z + mp.log1p(mp.exp(-z))


rows = []
for n, t, b in [(10, "1e20", "1e19"), (10, "1.6549840276802644e308", "1e300"), (1000, "1e300", "-1e299")]:
    N, tt, bb = mp.mpf(n), mp.mpf(float(t)), mp.mpf(float(b))
    c2 = lambda x: ((N - 2) * x - N) / (2 * (N - 1))
    x = mp.findroot(lambda x: (bb - tt * x) - (mp.log((N - 2) / 2) + tt * c2(x) - bb), mp.mpf("0.5"))
    f = sp(bb - tt * x) + (N - 1) * sp(tt * c2(x) - bb)
    rows.append({"N": n, "t": t, "b": b, "c1": mp.nstr(x, 25), "log10Loss": mp.nstr(mp.log10(f), 25)})
print(json.dumps({"generator": "scripts/oracles/ccem_huge_t.py", "cases": rows}, indent=2))
