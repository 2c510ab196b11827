#!/usr/bin/env python3
"""mpmath 1.3 reference values of softplus(z) = ln(1 + e^z) and sigmoid(z) = 1/(1 + e^-z) at
100 significant digits, for the decimal.js twins in src/numeric/hp/softplus.ts.
Writes test/fixtures/hp/softplus.json."""
import json

from mpmath import exp, log1p, mp, mpf, nstr

mp.dps = 120
ZS = ["-1e6", "-2000", "-300", "-95", "-60", "-1", "-1e-30", "0", "1e-30", "0.5", "3", "60", "95", "300", "1e6"]
rows = []
for z in ZS:
    x = mpf(z)
    rows.append(
        {
            "z": z,
            "softplus": nstr(log1p(exp(x)), 100, strip_zeros=False),
            "sigmoid": nstr(1 / (1 + exp(-x)), 100, strip_zeros=False),
        }
    )
with open("test/fixtures/hp/softplus.json", "w") as f:
    json.dump({"generator": "scripts/oracles/hp_softplus.py (mpmath, mp.dps = 120)", "values": rows}, f, indent=1)
    f.write("\n")
