#!/usr/bin/env python3
"""mpmath 1.3 reference values of ln Omega_n(arccos s), the normalised cap area, for large n where
the decimal series of src/bounds/hp/cap-area.ts needs many guard digits (series B), and ln Gamma
at high precision for the decimal Stirling series of src/bounds/hp/lgamma.ts. The "deep" caps carry
60 digits (mp.dps = 90): the two series' routes return about 50 and 47 digits, which tells them apart.
Omega_n(arccos s) = I_{1-s^2}((n-1)/2, 1/2) / 2 for s >= 0, 1 - that for s < 0 (log1p there).
s is the double nearest the listed decimal (what a float caller passes), converted exactly.
Writes test/fixtures/hp/cap-area.json."""
import json

from mpmath import betainc, log, log1p, loggamma, mp, mpf, nstr

mp.dps = 80
CAPS = [(70000, -0.1), (70000, 0.1), (75000, 0.05), (200000, -0.1), (200000, 0.1), (1000, 0.3)]
rows = []
for n, s in CAPS:
    sv = mpf(s)  # exact value of the double
    i = betainc(mpf(n - 1) / 2, mpf(1) / 2, 0, 1 - sv * sv, regularized=True)
    ln_omega = log(i / 2) if sv >= 0 else log1p(-i / 2)
    rows.append({"n": n, "s": s, "lnOmega": nstr(ln_omega, 40, strip_zeros=False)})
mp.dps = 90
DEEP = [(20001, 0.15), (150000, 0.165)]
deep = []
for n, s in DEEP:
    sv = mpf(s)
    i = betainc(mpf(n - 1) / 2, mpf(1) / 2, 0, 1 - sv * sv, regularized=True)
    deep.append({"n": n, "s": s, "lnOmega": nstr(log(i / 2), 60, strip_zeros=False)})
mp.dps = 320
gammas = [{"x": x, "lnGamma": nstr(loggamma(mpf(x)), 300, strip_zeros=False)} for x in ["0.5", "7.25", "123456.5"]]
with open("test/fixtures/hp/cap-area.json", "w") as f:
    json.dump({"generator": "scripts/oracles/hp_cap_area.py (mpmath, mp.dps = 80 / 90 / 320)", "caps": rows, "capsDeep": deep, "lnGamma": gammas}, f, indent=1)
    f.write("\n")
