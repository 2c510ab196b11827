#!/usr/bin/env python3
"""Frozen oracle for `sigcheck bounds` (forward, dimension, margin modes) and `plan` fits at edge points.

An independent route in mpmath (python3 + mpmath 1.3), sharing no code with sigcheck:
  - rho and 1 - rho = 4m / (1 + b + m) from the decimal inputs (mpmath at 80 digits);
  - cap area Omega_n(theta) = (1/2) I_{sin^2 theta}((n-1)/2, 1/2) with mpmath.betainc (regularized),
    the lower bound: the exact code size for rho <= 0, else max(1/Omega, 2n) (the cross-polytope is a
    rho-code for every rho >= 0);
  - Levenshtein's bound L(n, s): the interval index from the largest zeros of the Jacobi
    polynomials P_k^{(alpha+1, alpha)}, P_k^{(alpha+1, alpha+1)} (alpha = (n-3)/2), each zero found by
    stepping up from below a Bessel-zero estimate (mpmath.besseljzero) to the first sign change of
    2F1(-k, k+a+b+1; a+1; z), z = (1-x)/2, then bisection; Gegenbauer values by the same 2F1;
  - inversions by direct search over d and bisection over m on these functions.
The upper bound mirrors sigcheck's documented choice: exact code sizes for rho <= 0, else
min(Levenshtein, cap packing) when Levenshtein's degree is at most 2e7, else cap packing.

Regenerate: python3 scripts/oracles/bounds_edges.py > test/fixtures/bounds-edges.json
"""
import json
import sys
from fractions import Fraction

import mpmath as mp

mp.mp.dps = 50
LEV_MAX_DEGREE = 20_000_000


def D(x):
    return mp.mpf(str(x))


def rho_parts(m, b):
    # 3m = 1 + b decided on the decimal inputs: there rho = 0 exactly, not a rounded neighbour
    if 3 * Fraction(str(m)) == 1 + Fraction(str(b)):
        return mp.mpf(0), mp.mpf(1)
    m, b = D(m), D(b)
    w = 4 * m / (1 + b + m)
    return 1 - w, w


def lower_kind(n, w):
    """log10 of the lower bound on A(n, s), s = 1 - w, and which bound it is: the exact size for
    s <= 0 (and n = 1), else the larger of -log10 Omega_n(arccos s) and log10 2n (cross-polytope)."""
    if n == 1:
        return mp.log10(2), 'exact'
    if w >= 1:
        return mp.log10(exact_code(n, 1 - w)), 'exact'
    x = w * (2 - w)
    om = mp.betainc(mp.mpf(n - 1) / 2, mp.mpf(1) / 2, 0, x, regularized=True) / 2
    cover, cross = -mp.log10(om), mp.log10(2 * n)
    return (cover, 'covering') if cover >= cross else (cross, 'cross-polytope')


def log10_lower(n, w):
    return lower_kind(n, w)[0]


def log10_packing(n, w):
    if n == 1:
        return mp.log10(2)
    om = mp.betainc(mp.mpf(n - 1) / 2, mp.mpf(1) / 2, 0, w / 2, regularized=True) / 2
    return -mp.log10(om)


def f2f1(k, a, b, z):
    return mp.hyp2f1(-k, k + a + b + 1, a + 1, z)


ZEROS = {}


def smallest_zero_z(k, a, b):
    """Smallest positive zero in z of 2F1(-k, k+a+b+1; a+1; z) (largest zero of P_k^{(a,b)} in x).

    Stepping up by 0.2% from below a Bessel-zero estimate cannot pass two zeros: for a <= 600 the
    first two zeros differ by a factor (j_{a,2}/j_{a,1})^2 > 1.04. (At d = 4096 only margins
    m <= 1e-17 are used: there every zero of degree <= 8e7 lies far above z_s, so the verdict
    "degree beyond 2e7" does not depend on which zero the stepping meets.)
    """
    key = (k, a, b)
    if key in ZEROS:
        return ZEROS[key]
    # a starting estimate only (the stepping below locates the zero): mpmath's besseljzero for
    # small orders, the Olver expansion j ~ a + 1.8557571 a^(1/3) + 1.033150 a^(-1/3) beyond
    j = mp.besseljzero(a, 1) if a <= 50 else a + mp.mpf('1.8557571') * mp.cbrt(a) + mp.mpf('1.033150') / mp.cbrt(a)
    theta = j / (k + (a + b + 1) / 2)
    z = mp.sin(theta / 2) ** 2 * mp.mpf('0.97')
    while f2f1(k, a, b, z) <= 0:
        z *= mp.mpf('0.97')
    hi = z
    while f2f1(k, a, b, hi) > 0:
        z = hi
        hi = hi * mp.mpf('1.002')
    # the bracket [z, hi] holds exactly this one sign change: bisection on the sign
    lo = z
    while hi - lo > mp.mpf(10) ** (-36) * hi:
        mid = (lo + hi) / 2
        if f2f1(k, a, b, mid) > 0:
            lo = mid
        else:
            hi = mid
    root = (lo + hi) / 2
    ZEROS[key] = root
    return root


def lev_index(n, w):
    """Levenshtein's interval index m for s = 1 - w from zeros; returns (m, K)."""
    alpha = mp.mpf(n - 3) / 2
    a = alpha + 1
    zs = w / 2

    def z10(k):
        return smallest_zero_z(k, a, alpha)

    def z11(k):
        return mp.mpf(1) if k == 0 else smallest_zero_z(k, a, alpha + 1)

    # K = smallest k with z10(k) <= zs (zeros decrease in k): exponential search, then bisection
    lo, hi = 0, 1
    while z10(hi) > zs:
        lo, hi = hi, hi * 2
        if hi > 4 * LEV_MAX_DEGREE:
            return None, hi
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if z10(mid) <= zs:
            hi = mid
        else:
            lo = mid
    K = hi
    if z11(K - 1) >= zs:
        return 2 * K - 1, K
    return 2 * (K - 1), K


def gegen(k, n, s):
    alpha = mp.mpf(n - 3) / 2
    return f2f1(k, alpha, alpha, (1 - s) / 2)


def log10_levenshtein(n, w):
    m, K = lev_index(n, w)
    if m is None or K > LEV_MAX_DEGREE:
        return None, K
    s = 1 - w
    if m % 2 == 1:
        k = (m + 1) // 2
        p0, p1 = gegen(k - 1, n, s), gegen(k, n, s)
        br = mp.mpf(2 * k + n - 3) / (n - 1) - (p0 - p1) / (w * p1)
        return mp.log10(mp.binomial(k + n - 3, k - 1) * br), m
    k = m // 2
    p0, p1 = gegen(k, n, s), gegen(k + 1, n, s)
    br = mp.mpf(2 * k + n - 1) / (n - 1) - (1 + s) * (p0 - p1) / (w * (p0 + p1))
    return mp.log10(mp.binomial(k + n - 2, k) * br), m


def exact_code(n, s):
    if s > 0:
        return None
    if s == 0:
        return 2 * n
    if s >= mp.mpf(-1) / n:
        return n + 1
    return int(mp.floor(1 - 1 / s))


def log10_upper(n, s, w):
    ex = exact_code(n, s)
    if ex is not None:
        return mp.log10(ex), 'exact'
    pack = log10_packing(n, w)
    lev, _ = log10_levenshtein(n, w)
    if lev is not None and lev <= pack:
        return lev, 'levenshtein'
    return pack, 'packing'


def s_(x):
    return mp.nstr(x, 30)


def forward(d, m, b):
    s, w = rho_parts(m, b)
    up, kind = log10_upper(d, s, w)
    return {
        'd': d, 'm': m, 'bRel': b,
        'log10NLower': s_(log10_lower(d - 1, w)),
        'log10NLowerPaper': s_(log10_lower(d - 2, w)) if d >= 3 else None,
        'log10NUpper': s_(up), 'upperKind': kind, 'lowerKind': lower_kind(d - 1, w)[1],
    }


def dimension(N, m, b):
    s, w = rho_parts(m, b)
    t = mp.log10(N)

    def smallest(ok):
        # direct search up to 64, then exponential search and bisection (both bounds grow with d)
        for d in range(2, 65):
            if ok(d):
                return d
        lo, hi = 64, 128
        while not ok(hi):
            lo, hi = hi, hi * 2
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if ok(mid):
                hi = mid
            else:
                lo = mid
        return hi

    return {
        'N': N, 'm': m, 'bRel': b,
        'dSufficient': smallest(lambda d: log10_lower(d - 1, w) >= t),
        'dNecessary': smallest(lambda d: log10_upper(d, s, w)[0] >= t),
    }


def margin_guaranteed(N, d, b):
    """Largest m on the feasible branch with -log10 Omega_{d-1}(arccos rho) >= log10 N (bisection)."""
    t = mp.log10(N)
    bb = D(b)
    hi = min(1 - bb, (1 + bb) / 3)

    def ok(m):
        w = 4 * m / (1 + bb + m)
        return log10_lower(d - 1, w) >= t

    if ok(hi):
        return hi
    lo = mp.mpf(0)
    # geometric then arithmetic bisection
    while not ok(hi / 16) and hi > mp.mpf('1e-320'):
        hi = hi / 16
    lo = hi / 16
    for _ in range(200):
        mid = (lo + hi) / 2
        if ok(mid):
            lo = mid
        else:
            hi = mid
    return lo


def main():
    forward_points = []
    tiny = ((1e-17, 0), (1e-100, 0.5), (1e-300, 0), (1e-300, -0.5))
    for d in (2, 3, 8, 24, 64, 768, 1152, 4096):
        pairs = ((0.25, 0.75), (0.1, 0), (0.0627, 0.0322), (0.4, 0.2), (1e-6, 0), (1e-12, 0), (0.3, 0), (0.333, 0)) if d <= 768 else ()
        if d == 1152:
            pairs = ((0.0627, 0.0322), (0.4, 0.2), (1e-6, 0), (0.3, 0))
        for m, b in pairs + tiny:
            forward_points.append(forward(d, m, b))
            print('forward', d, m, b, file=sys.stderr, flush=True)
    dimension_points = []
    for N, m, b in ((2, 0.25, 0.75), (3, 0.25, 0.75), (4, 0.25, 0.75), (1e6, 0.1, 0), (1e6, 0.25, 0.5),
                    (100, 0.0627, 0.0322), (1e15, 1e-12, 0), (1e15, 1e-300, 0), (1000, 0.3, 0), (1000, 0.333, 0)):
        dimension_points.append(dimension(N, m, b))
        print('dimension', N, m, b, file=sys.stderr, flush=True)
    margin_points = []
    for N, d, b in ((2, 2, 0.5), (3, 3, 0.75), (1e6, 768, 0), (1e6, 1152, 0.0322), (1e15, 64, 0), (1e9, 8, 0), (100, 64, 0), (127, 64, 0)):
        margin_points.append({'N': N, 'd': d, 'bRel': b, 'mGuaranteed': s_(margin_guaranteed(N, d, b))})
    json.dump({
        'generator': 'scripts/oracles/bounds_edges.py (mpmath %s, %d digits)' % (mp.__version__, mp.mp.dps),
        'forward': forward_points,
        'dimension': dimension_points,
        'margin': margin_points,
    }, sys.stdout, indent=1)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
