#!/usr/bin/env python3
"""Independent mpmath oracle for `ccem` in float64 mode at typed decimals next to the LCS24
thresholds, where the decimal and the double it rounds to lie on different sides (or the optimum's
offset 1 -+ c1 moves entirely within half an ulp of t).

Regenerate the frozen fixture (one command, from the repo root):

    python3 scripts/oracles/ccem_typed_edges.py > test/fixtures/edges/ccem-typed-edges.json

Written from docs/theory.md §1 without sigcheck's code, on the diagonal t = b: the regime from the
sign of f'(x) = t[-sigma(b - t x) + ((N-2)/2) sigma(t c2(x) - b)], c2(x) = ((N-2) x - N)/(2(N-1)),
at x = +-1 (ETF iff f'(1) <= 0, antipodal iff f'(-1) >= 0), evaluated at the typed decimal with
mp.dps = 120; the interior root by bisection in x to 2^-(prec+40) (plain bisection, no offset
variable). Each t is the threshold (T_ETF = ((N-1)/N) ln(N-3), T_ANTI = (1/2) ln((N-2)/2)) plus an
offset, printed with 17 or 45 significant digits, and the doubles 1 to 5000 ulps from it as their exact
decimals; a point is kept only when its double lies on
the other side of the threshold from the decimal or 1 -+ c1 < 2^-10 (the points this fixture is for).
"""

import json
import struct
from decimal import Decimal

import mpmath as mp

mp.mp.dps = 120


def sigma(z):
    return 1 / (1 + mp.exp(-z))


def softplus(z):
    return mp.log1p(mp.exp(z)) if z < 0 else z + mp.log1p(mp.exp(-z))


def optimum(n, t):
    n, t = mp.mpf(n), mp.mpf(t)
    b = t
    c2 = lambda x: ((n - 2) * x - n) / (2 * (n - 1))
    g = lambda x: -sigma(b - t * x) + (n - 2) / 2 * sigma(t * c2(x) - b)
    if g(1) <= 0:
        x, regime = mp.mpf(1), "etf"
    elif g(-1) >= 0:
        x, regime = mp.mpf(-1), "antipodal"
    else:
        regime = "interior"
        lo, hi = mp.mpf(-1), mp.mpf(1)
        for _ in range(mp.mp.prec + 40):
            mid = (lo + hi) / 2
            if g(mid) < 0:
                lo = mid
            else:
                hi = mid
        x = (lo + hi) / 2
    loss = softplus(b - t * x) + (n - 1) * softplus(t * c2(x) - b)
    delta = mp.sqrt((1 - x) / (1 + x)) if x > -1 else mp.inf
    return regime, x, c2(x), delta, loss


def threshold(n, which):
    n = mp.mpf(n)
    return (n - 1) / n * mp.log(n - 3) if which == "etf" else mp.log((n - 2) / 2) / 2


def ulps_from(x, k):
    """The double k ulps above (k > 0) or below a positive double x, as its exact decimal."""
    bits = struct.unpack("<q", struct.pack("<d", x))[0]
    return str(Decimal(struct.unpack("<d", struct.pack("<q", bits + k))[0]))


def s(v):
    return "Infinity" if v == mp.inf else mp.nstr(v, 30, min_fixed=-mp.inf, max_fixed=mp.inf)


points = []
for n in [5, 6, 8, 50, 1000, 10**6, 10**9]:
    for which in ["etf", "antipodal"]:
        edge = threshold(n, which)
        texts = [
            mp.nstr(edge + mp.mpf(off), nd, strip_zeros=False, min_fixed=-mp.inf, max_fixed=mp.inf)
            for off in ["-1e-30", "1e-30", "-1e-17", "1e-17", "-1e-14", "1e-14", "-1e-10", "1e-10", "-1e-6", "1e-6"]
            for nd in [17, 45]
        ]
        # doubles next to the threshold, typed exactly: the float root itself loses 1 - c1 there
        texts += [ulps_from(float(edge), k) for k in [-5000, -50, -2, -1, 1, 2, 50, 5000]]
        seen = set()
        for text in texts:
            if text in seen:
                continue
            seen.add(text)
            regime, x, c2, delta, loss = optimum(n, text)
            regime_dbl = optimum(n, float(text))[0]
            offset = min(1 - x, 1 + x)
            if regime == regime_dbl and not (regime == "interior" and offset < mp.mpf(2) ** -10):
                continue
            points.append(
                {
                    "N": n,
                    "t": text,
                    "edge": which,
                    "regimeOfDouble": regime_dbl,
                    "regime": regime,
                    "c1": s(x),
                    "oneMinusC1": s(1 - x),
                    "c2": s(c2),
                    "delta": s(delta),
                    "loss": s(loss),
                }
            )

print(json.dumps({"generator": "scripts/oracles/ccem_typed_edges.py", "mpDps": 120, "points": points}, indent=1))
