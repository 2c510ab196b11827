#!/usr/bin/env python3
"""Frozen mpmath oracle for the asymptotic exponents of a `bounds` forward row, near rho = 0 and 1.

Written from docs/theory.md §2 without sigcheck's code, at 400 digits, from the decimal inputs:
rho = (1 + b - 3m)/(1 + b + m), 1 - rho = 4m/(1 + b + m); Shannon -(1/2) ln(1 - rho^2); BBNP25 Thm 3.5 -(1/2) ln(1 - rho);
Kabatiansky-Levenshtein A ln A - B ln B with u = sqrt(1 - rho^2), A = (1+u)/(2u), B = (1-u)/(2u)
(all in nats). Near rho = 0 they are ~rho^2/2, rho/2 and ~(rho^2/4) ln(1/rho^2).

Regenerate: python3 scripts/oracles/bounds_exponents.py > test/fixtures/edges/bounds-exponents.json
"""
import json

import mpmath as mp

mp.mp.dps = 400  # A ln A - B ln B cancels ~150 digits at m = 1e-300

points = []
for m, b in [('0.3333333333333333', '0'), ('0.33333333333333', '0'), ('0.333333333', '0'),
             ('0.3', '0'), ('0.1', '0'), ('0.2500000000000001', '0'), ('0.4', '0.2000000000000001'),
             ('1e-10', '0'), ('1e-300', '0'), ('0.01', '0.99')]:
    M, B = mp.mpf(m), mp.mpf(b)
    rho = (1 + B - 3 * M) / (1 + B + M)
    omr = 4 * M / (1 + B + M)  # 1 - rho, exact in form: m = 1e-300 keeps its digits
    sin2 = omr * (2 - omr)  # 1 - rho^2
    u = mp.sqrt(sin2)
    A, Bk = (1 + u) / (2 * u), (1 - u) / (2 * u)
    points.append({'m': m, 'bRel': b, 'rho': mp.nstr(rho, 20),
                   'shannon': mp.nstr(-mp.log(sin2) / 2, 20),
                   'thm35': mp.nstr(-mp.log(omr) / 2, 20),
                   'kl': mp.nstr(A * mp.log(A) - Bk * mp.log(Bk), 20)})
print(json.dumps({'generator': 'scripts/oracles/bounds_exponents.py', 'points': points}, indent=2))
