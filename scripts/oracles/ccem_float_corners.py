#!/usr/bin/env python3
"""Independent mpmath oracle for the float64 `ccem` route at tiny and huge t.

Regenerate (from the repo root):

    python3 scripts/oracles/ccem_float_corners.py > test/fixtures/edges/ccem-float-corners.json

Written from docs/theory.md §1 without sigcheck's code. At tiny t and b both sigmoids of f' sit at
1/2 and logsigma(A) - logsigma(B) cancels to nothing at any fixed precision, so the sign of f' is
taken from ln((N-2)/2) + log1p(sigma(-A) expm1(A - B)) (the same ratio, written without the
cancellation). The root is found by bisection on x in (-1, 1) at 200 digits, 700 halvings
(|dx| < 1e-210). t and b are the doubles nearest the decimal strings, taken exactly.
"""

import json
import random

import mpmath as mp

mp.mp.dps = 200


def c2(n, x):
    return ((n - 2) * x - n) / (2 * (n - 1))


def g(n, t, b, x):
    a = t * c2(n, x) - b
    bb = b - t * x
    return mp.log(mp.mpf(n - 2) / 2) + mp.log1p(mp.expm1(a - bb) / (1 + mp.exp(a)))


def softplus(z):
    return z + mp.log1p(mp.exp(-z)) if z > 0 else mp.log1p(mp.exp(z))


def loss(n, t, b, x):
    return softplus(b - t * x) + (n - 1) * softplus(t * c2(n, x) - b)


def point(n, ts, bs):
    t, b = mp.mpf(float(ts)), mp.mpf(float(bs))  # the doubles the float route sees, exactly
    one = mp.mpf(1)
    if g(n, t, b, one) <= 0:
        regime, x = "etf", one
    elif g(n, t, b, -one) >= 0:
        regime, x = "antipodal", -one
    else:
        regime, lo, hi = "interior", -one, one
        for _ in range(700):
            mid = (lo + hi) / 2
            if g(n, t, b, mid) < 0:
                lo = mid
            else:
                hi = mid
        x = (lo + hi) / 2
    f = loss(n, t, b, x)
    return {
        "N": n,
        "t": ts,
        "b": bs,
        "regime": regime,
        "c1": mp.nstr(x, 30, min_fixed=1, max_fixed=0),
        "oneMinusC1": mp.nstr(1 - x, 30, min_fixed=1, max_fixed=0),
        "log10Loss": mp.nstr(mp.log10(f), 30, min_fixed=1, max_fixed=0),
        "loss6": mp.nstr(f, 6, strip_zeros=False, min_fixed=1, max_fixed=0),
    }


def main():
    rng = random.Random(20261128)
    pts = [(4, "1.2424e-169", "-7.31123e-170"), (4, "1e-300", "-2e-301"), (4, "3e-12", "1e-12"),
           (4, "1e-6", "-3e-7"), (4, "0.001", "-0.0004"), (5, "1e-8", "-1e-8"), (8, "1e12", "1e11"),
           (8, "3e5", "1e5"), (662, "5518.44", "-28.7206"), (4, "1e15", "-2e14")]
    for _ in range(12):
        t = rng.uniform(1, 10) * 10 ** rng.randint(-300, -2)
        pts.append((4, "%.6g" % t, "%.6g" % (t * rng.uniform(-0.99, 0.3))))
    print(json.dumps({"generator": "scripts/oracles/ccem_float_corners.py", "mpmath": mp.__version__,
                      "points": [point(*p) for p in pts]}, indent=1))


if __name__ == "__main__":
    main()
