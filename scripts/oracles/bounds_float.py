#!/usr/bin/env python3
"""mpmath 1.3 reference values for the float64 ln Gamma of src/bounds/lgamma.ts: ln Gamma at
non-half-integer arguments on both sides of the Stirling switch (x = 15), the Stirling correction
S(x) = ln Gamma(x) - [(x - 1/2) ln x - x + ln sqrt(2 pi)], ln Gamma(a + b) - ln Gamma(a), ln B(a, b)
and ln C(n, k) for real n, k; and the continued fraction of src/bounds/beta.ts,
CF = I_x(a, b) a B(a, b) / (x^a (1 - x)^b), at points where a Lentz denominator is exactly 0.
Arguments are the doubles nearest the listed decimals, converted exactly.
Writes test/fixtures/hp/bounds-float.json."""
import json

from mpmath import beta, betainc, binomial, log, loggamma, mp, mpf, nstr, pi, sqrt

mp.dps = 50


def s(x):
    return nstr(x, 30, strip_zeros=False)


def stirling(x):
    return loggamma(x) - ((x - mpf(1) / 2) * log(x) - x + log(sqrt(2 * pi)))


LGAMMA = [0.3, 2.7, 7.25, 14.9, 15.0, 15.3, 40.7, 1000.1, 14.5, 40.0, 200.5]
STIRLING = [15.0, 17.5, 100.0]
RATIO = [(3.3, 2.2), (14.5, 0.3), (20.5, 0.7), (100000.0, 0.5)]
BETA = [(2.5, 7.3), (0.7, 30.2), (50.5, 0.5)]
BINOM = [(10.5, 3.2), (40.0, 7.0)]
# Lentz zero denominators: d_0 = 1 - (a + b) x / (a + 1) = 0 at (0.75, 0.5, 1.5); d after the first
# odd step at (0.625, 0.5, 2.5); c after the first even step at (0.875, 4, 6)
CF = [(0.75, 0.5, 1.5), (0.625, 0.5, 2.5), (0.875, 4.0, 6.0)]
# c = 0 after the second odd step: x = 5/8 is the root of r p x^2 + (r + p - q) x + 1 = 0 at
# a = 17/4, b = 91/4, with p x, -q x, r x the coefficients of the first odd, even and second odd steps
CF_ODD_C = [(0.625, 4.25, 22.75)]


def cf(x, a, b):
    x, a, b = mpf(x), mpf(a), mpf(b)
    return betainc(a, b, 0, x, regularized=True) * a * beta(a, b) / (x**a * (1 - x) ** b)


out = {
    "generator": "scripts/oracles/bounds_float.py (mpmath, mp.dps = 50)",
    "lgamma": [{"x": x, "value": s(loggamma(mpf(x)))} for x in LGAMMA],
    "stirling": [{"x": x, "value": s(stirling(mpf(x)))} for x in STIRLING],
    "ratio": [{"a": a, "b": b, "value": s(loggamma(mpf(a) + mpf(b)) - loggamma(mpf(a)))} for a, b in RATIO],
    "logBeta": [{"a": a, "b": b, "value": s(log(beta(mpf(a), mpf(b))))} for a, b in BETA],
    "logBinomial": [{"n": n, "k": k, "value": s(log(binomial(mpf(n), mpf(k))))} for n, k in BINOM],
    "continuedFraction": [{"x": x, "a": a, "b": b, "value": s(cf(x, a, b))} for x, a, b in CF],
    "continuedFractionOddC": [{"x": x, "a": a, "b": b, "value": s(cf(x, a, b))} for x, a, b in CF_ODD_C],
}
with open("test/fixtures/hp/bounds-float.json", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
