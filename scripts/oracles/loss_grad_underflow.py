#!/usr/bin/env python3
"""Independent mpmath oracle for the gradient of L_Sig where its entries underflow float64 (t up to
1e300, t down to 5e-324), for `loss --grad`. Regenerate (from the repo root):
    python3 scripts/oracles/loss_grad_underflow.py > test/fixtures/edges/loss-grad-underflow.json
Written from docs/theory.md §0 without sigcheck's code: z_ij = t G_ij - b with G_ij the float64
left-to-right dot of the stored rows (the project's convention), every double taken exactly;
L = c (sum_i sp(-z_ii) + sum_{i!=j} sp(z_ij)), s_ii = -sigma(-z_ii), s_ij = sigma(z_ij);
dL/dt = c sum s G, dL/db = -c sum s, dL/dU_i = c t sum_j s_ij V_j, dL/dV_j = c t sum_i s_ij U_i.
Each entry is written as sign and log10 |entry| (25 digits); "sign": 0 for an exact zero.
Sums are exact where rounding would decide them: a term c sigma(w) with w > 0 is c - c sigma(-w), the
constants summed as exact fractions; terms with the same (exact) w are grouped and their coefficients
summed exactly; the remaining groups differ in w, so 5000 bits carry their sum.
"""
from fractions import Fraction
import json
import mpmath as mp

mp.mp.prec = 5000  # z = t G - b exact for doubles from 5e-324 to 1e308


def sig(z):
    return 1 / (1 + mp.exp(-z))


def fdot(a, b):
    acc = 0.0
    for x, y in zip(a, b):
        acc += x * y
    return acc


CONFIGS = {
    'N=2,d=1': {'U': [[1.0], [-1.0]], 'V': [[1.0], [-1.0]]},
    'three-pairs': {'U': [[0.6, 0.8], [0.8, -0.6], [-1, 0]], 'V': [[0.6, 0.8], [0, 1], [-0.6, -0.8]]},
    'N=3,d=2,ties': {'U': [[1, 0], [0, 1], [-1, 0]], 'V': [[1, 0], [0, 1], [0, -1]]},
    # N = 2 with G not symmetric: at t near 5e-324 the ratios' exact parts of dL/db cancel exactly
    'asym': {'U': [[1, 0], [0.6, 0.8]], 'V': [[1, 0], [0.8, 0.6]]},
}
CASES = [
    ('5e-324', '0'), ('5e-324', '1e-300'), ('1e-310', '3'), ('800', '5'), ('1000', '0'), ('1e5', '-2e4'),
    ('1e300', '0'), ('1e300', '1e299'), ('1e300', '-1e300'), ('1e300', '1e300'), ('1e307', '5e306'),
    ('1e-320', '0'), ('1e-315', '0'),
]
SCALE = {'sum': lambda n: 1, 'per-anchor': lambda n: mp.mpf(1) / n, 'mean': lambda n: mp.mpf(1) / (n * n)}


def exact_sum(terms):
    """sum of sign * coef * sigma(w) over (sign, coef, w), coef a double and w an exact mpf."""
    const = Fraction(0)
    groups = {}
    for sign, coef, w in terms:
        if w > 0:
            const += sign * Fraction(coef)
            sign, w = -sign, -w
        groups[w] = groups.get(w, Fraction(0)) + sign * Fraction(coef)
    tiny = mp.fsum(mp.mpf(c.numerator) / c.denominator * sig(w) for w, c in groups.items() if c != 0)
    if const != 0:
        return mp.mpf(const.numerator) / const.denominator + tiny
    return tiny


def entry(x):
    if x == 0:
        return {'sign': 0}
    return {'sign': 1 if x > 0 else -1, 'log10': mp.nstr(mp.log10(abs(x)), 25)}


rows = []
for name, c in CONFIGS.items():
    U = [[float(x) for x in r] for r in c['U']]
    V = [[float(x) for x in r] for r in c['V']]
    n, d = len(U), len(U[0])
    G = [[mp.mpf(fdot(U[i], V[j])) for j in range(n)] for i in range(n)]
    for ts, bs in CASES:
        t, b = mp.mpf(float(ts)), mp.mpf(float(bs))
        # s_ij = sign_ij sigma(w_ij): diagonal -sigma(-z_ii), off it sigma(z_ij)
        sw = [[(-1, -(t * G[i][j] - b)) if i == j else (1, t * G[i][j] - b) for j in range(n)] for i in range(n)]
        pairs = [(i, j) for i in range(n) for j in range(n)]
        for norm in ['sum', 'per-anchor', 'mean']:
            k = SCALE[norm](n)
            gt = k * exact_sum([(sw[i][j][0], float(G[i][j]), sw[i][j][1]) for i, j in pairs])
            gb = -k * exact_sum([(sw[i][j][0], 1.0, sw[i][j][1]) for i, j in pairs])
            gu = [[k * t * exact_sum([(sw[i][j][0], V[j][q], sw[i][j][1]) for j in range(n)]) for q in range(d)]
                  for i in range(n)]
            gv = [[k * t * exact_sum([(sw[i][j][0], U[i][q], sw[i][j][1]) for i in range(n)]) for q in range(d)]
                  for j in range(n)]
            rows.append({
                'config': name, 't': ts, 'b': bs, 'normalization': norm,
                'grad': {'t': entry(gt), 'b': entry(gb), 'U': [[entry(x) for x in r] for r in gu],
                         'V': [[entry(x) for x in r] for r in gv]},
            })
print(json.dumps({'generator': 'scripts/oracles/loss_grad_underflow.py', 'configs': CONFIGS, 'cases': rows}, indent=1))
