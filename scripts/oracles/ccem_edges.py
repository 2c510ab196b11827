#!/usr/bin/env python3
"""Independent mpmath oracle for `ccem` and `loss` at the edges of their domain.

Regenerate the frozen fixture (one command, from the repo root):

    python3 scripts/oracles/ccem_edges.py > test/fixtures/edges/ccem-loss-edges.json

Written from docs/theory.md §1 without sigcheck's code. CCEM route: mpmath with mp.dps = the
requested digits + 120 (enough for the 1e-45 threshold offsets), directly in x = c1 (no offset
variable, unlike sigcheck); the regime from the signs of the log-space derivative
g(x) = ln((N-2)/2) + log sigma(t c2(x) - b) - log sigma(b - t x) at x = +-1 (the sign of f');
the interior root by mpmath.findroot with the Anderson bracketing solver on (-1, 1), then checked
to bracket the root at +-10^-(digits+5). Loss route: the per-anchor sigmoid loss at t = 1e4 (where
float64 underflows) from the exact values of the doubles, and its gradient with respect to the
rows as stored when the loss normalises them, by mpmath.diff (numerical differentiation at high
precision, independent of the chain rule the code uses).
"""

import json
import random

import mpmath as mp

# (N, t, b, digits); t and b exact decimal strings. "T_ETF-" etc. are expanded below.
POINTS = [
    (8, "1e4", "1", 30),
    (8, "1e4", "1", 5),
    (8, "2000", "1", 40),
    (5, "1800", "-0.5", 30),
    (5, "1500", "-0.5", 30),
    (1000000, "1e4", "1", 30),
    (1000000, "2000", "1", 20),
    (3, "1e6", "0", 5),
    (3, "1e3", "0", 30),
    (3, "30", "0", 60),
    (4, "1e5", "1", 30),
    (4, "3", "1", 30),
    (4, "1", "0.2", 30),
    (4, "3", "-1", 20),
    (8, "1000", "0", 5),
    (8, "1e-300", "1e-300", 5),
    (8, "1e-300", "0", 5),
    (3, "1e-300", "1e-300", 10),
    (20, "4", "-2", 40),
    (8, "3", "-1", 30),
    (8, "1.125", "1.125", 100),
    (16, "1e3", "-5", 30),
    (50, "2.5", "2.5", 60),
    (8, "1.125", "1.125", 1000),
]
# t = b at the thresholds and 1e-45 either side
THRESHOLD_POINTS = [(5, "etf"), (8, "etf"), (8, "antipodal"), (16, "antipodal")]
THRESHOLD_DIGITS = 60


def logsig(z):
    return -mp.log1p(mp.exp(-z))


def c2(n, x):
    return ((n - 2) * x - n) / (2 * (n - 1))


def g(n, t, b, x):
    return mp.log(mp.mpf(n - 2) / 2) + logsig(t * c2(n, x) - b) - logsig(b - t * x)


def loss(n, t, b, x):
    return mp.log1p(mp.exp(b - t * x)) + (n - 1) * mp.log1p(mp.exp(t * c2(n, x) - b))


def s(x, digits):
    if mp.isinf(x):
        return "Infinity"
    return mp.nstr(x, digits, strip_zeros=False, min_fixed=1, max_fixed=0)


def ccem_point(n, ts, bs, digits):
    mp.mp.dps = digits + 120
    t, b = mp.mpf(ts), mp.mpf(bs)
    if g(n, t, b, mp.mpf(1)) <= 0:
        regime, x = "etf", mp.mpf(1)
    elif g(n, t, b, mp.mpf(-1)) >= 0:
        regime, x = "antipodal", mp.mpf(-1)
    else:
        regime = "interior"
        x = mp.findroot(lambda y: g(n, t, b, y), (mp.mpf(-1), mp.mpf(1)), solver="anderson")
        w = mp.mpf(10) ** (-(digits + 5)) * max(abs(x), abs(1 - x), abs(1 + x))
        assert g(n, t, b, x - w) < 0 < g(n, t, b, x + w), (n, ts, bs)
    delta = mp.inf if x == -1 else mp.sqrt((1 - x) / (1 + x))
    f = loss(n, t, b, x)
    out_digits = digits + 5
    return {
        "N": n,
        "t": ts,
        "b": bs,
        "digits": digits,
        "regime": regime,
        "c1": s(x, out_digits),
        "delta": s(delta, out_digits),
        "oneMinusC1": s(1 - x, out_digits),
        "log10Loss": s(mp.log10(f), out_digits),
    }


def threshold(n, edge):
    mp.mp.dps = 200
    if edge == "etf":
        return mp.mpf(n - 1) / n * mp.log(n - 3)
    return mp.log(mp.mpf(n - 2) / 2) / 2


def loss_cases():
    """Per-anchor sigmoid loss and gradient through normalisation, exact doubles as input."""
    mp.mp.dps = 60
    rng = random.Random(20261127)
    cases = []
    for n, d, t, b in [(3, 3, 10000.0, 5000.0), (4, 3, 10000.0, 2000.0), (3, 2, 2.0, 1.0)]:
        # raw rows: near-orthogonal with a spread of norms (0.5 .. 3)
        raw_u = [[rng.uniform(-0.2, 0.2) + (3 * rng.random() + 0.5) * (k == i % d) for k in range(d)] for i in range(n)]
        raw_v = [[rng.uniform(-0.2, 0.2) + (3 * rng.random() + 0.5) * (k == i % d) for k in range(d)] for i in range(n)]

        def unit(rows):
            out = []
            for r in rows:
                nr = mp.sqrt(mp.fsum(mp.mpf(x) ** 2 for x in r))
                out.append([mp.mpf(x) / nr for x in r])
            return out

        def total(flat_u, flat_v):
            U = unit([flat_u[i * d:(i + 1) * d] for i in range(n)])
            V = unit([flat_v[i * d:(i + 1) * d] for i in range(n)])
            acc = mp.mpf(0)
            for i in range(n):
                for j in range(n):
                    z = t * mp.fsum(U[i][k] * V[j][k] for k in range(d)) - b
                    acc += mp.log1p(mp.exp(-z)) if i == j else mp.log1p(mp.exp(z))
            return acc / n

        fu = [mp.mpf(x) for r in raw_u for x in r]
        fv = [mp.mpf(x) for r in raw_v for x in r]
        L = total(fu, fv)
        grad_u, grad_v = [], []
        for idx in range(n * d):
            grad_u.append(mp.diff(lambda h: total(fu[:idx] + [h] + fu[idx + 1:], fv), fu[idx]))
            grad_v.append(mp.diff(lambda h: total(fu, fv[:idx] + [h] + fv[idx + 1:]), fv[idx]))
        cases.append(
            {
                "t": t,
                "b": b,
                "U": raw_u,
                "V": raw_v,
                "log10Loss": s(mp.log10(L), 30),
                "gradU": [s(x, 30) for x in grad_u],
                "gradV": [s(x, 30) for x in grad_v],
            }
        )
    return cases


def main():
    points = [ccem_point(*p) for p in POINTS]
    for n, edge in THRESHOLD_POINTS:
        T = threshold(n, edge)
        for off in ("-1e-45", "0", "1e-45"):
            tt = mp.nstr(T + mp.mpf(off), 80, strip_zeros=False, min_fixed=1, max_fixed=0)
            p = ccem_point(n, tt, tt, THRESHOLD_DIGITS)
            p["edge"] = f"{edge}{off}"
            points.append(p)
    print(
        json.dumps(
            {
                "generator": "scripts/oracles/ccem_edges.py",
                "mpmath": mp.__version__,
                "ccem": points,
                "loss": loss_cases(),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
