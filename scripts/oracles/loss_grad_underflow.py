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
import random
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
# --- the module's parts, one at a time (test/src/loss/gradient-underflow.mutation.test.ts) ---
# scaledDouble(x) = x 2^1074 as an integer; scaledToNumber(x, p) = x 2^-p as the nearest double
# (the values below have at most 53 significant bits: exact); exactArguments: w_ij = t G_ij - b
# (w_ii = -(t G_ii - b)) times 2^2148.
W = 2 ** 2148
SCALED = [0.0, -0.0, 5e-324, -1.5e-323, 2.2250738585072009e-308, 2.2250738585072014e-308, 1.0, -1.5, 0.1,
          1e300, -1.7976931348623157e308, 3.0e-320]
TO_NUMBER = [(0, 5), (3, 1074), (-5, 1074), (1 << 60, 1100), (-(3 << 3000), 2148), (((1 << 52) + 1) << 1000, 2000),
             ((1 << 70) | (1 << 20), 0), (1 << 2100, 3000), (7, -1000),
             # below 2^64 no bit is cut: correctly rounded (2^63 + 2^10 + 1 is above the midpoint)
             ((1 << 63) + (1 << 10) + 1, 0), (-((1 << 63) + (1 << 10) + 1), 1)]
ARGUMENTS = [('three-pairs', '0.1', '0.3'), ('three-pairs', '1e300', '-1e300'), ('three-pairs', '5e-324', '1e-320')]


def sums_case(name, terms):
    """signedLogSum over terms (sign, coef, w as a Fraction): its sign, ln |sum| and the bound's value
    sumError = (P + 6) 2^-52 (|E| + sum |piece|) / |E + sum piece| of the documented decomposition: the
    terms with w > 1 as c - c sigma(-w) (the constants C); groups of equal w with their coefficient
    sums S (zero sums dropped); with C = 0 ratios rho = sigma(w)/sigma(w_top), groups with
    w - w_top < -1500 dropped; otherwise rho = sigma(w), groups with w < -1500
    dropped; rho > 1/2 puts S in the exact part E and
    S (rho - 1) in the pieces, else S rho; P = the groups kept."""
    const = Fraction(0)
    groups = {}
    for sign, coef, w in terms:
        c = sign * Fraction(coef)
        if coef == 0:
            continue
        if w > 1:
            const += c
            c, w = -c, -w
        groups[w] = groups.get(w, Fraction(0)) + c
    live = sorted(((w, c) for w, c in groups.items() if c != 0), reverse=True)
    total = mp.mpf(const.numerator) / const.denominator + mp.fsum(
        mp.mpf(c.numerator) / c.denominator * sig(mp.mpf(w.numerator) / w.denominator) for w, c in live)
    out = {'name': name, 'terms': [{'w': str(w * W), 'sign': sign, 'coef': repr(float(coef))} for sign, coef, w in terms],
           'maxW': repr(float(max(abs(w) for _, _, w in terms)))}
    if const == 0 and not live:
        return {**out, 'sign': 0}
    top = live[0][0] if const == 0 else None
    scale = 1 if top is None else sig(mp.mpf(top.numerator) / top.denominator)
    e = mp.mpf(const.numerator) / const.denominator
    pieces = []
    for w, c in live:
        if (w if top is None else w - top) < -1500:
            continue
        rho = sig(mp.mpf(w.numerator) / w.denominator) / scale
        cc = mp.mpf(c.numerator) / c.denominator
        if rho > mp.mpf(1) / 2:
            e += cc
            pieces.append(cc * (rho - 1))
        else:
            pieces.append(cc * rho)
    s = e + mp.fsum(pieces)
    bound = (len(pieces) + 6) * mp.mpf(2) ** -52 * (abs(e) + mp.fsum(abs(x) for x in pieces)) / abs(s)
    return {**out, 'sign': 1 if total > 0 else -1, 'ln': mp.nstr(mp.log(abs(total)), 30),
            'sumError': mp.nstr(bound, 12)}


F = Fraction
SUMS = [
    sums_case('one term far below', [(1, 1.0, F(-800))]),
    sums_case('ratio groups: near 1, below 1/2, dropped past 1500', [
        (1, 0.75, F(-3)), (-1, 0.5, F(-3.5)), (1, 2.0, F(-10)), (-1, 1.0, F(-2000))]),
    sums_case('constants cancel: sigma(-49) - sigma(-50)', [(1, 1.0, F(50)), (-1, 1.0, F(49))]),
    sums_case('a constant survives; w = 0 (ratio 1/2), w in (0, 1]', [
        (1, 1.0, F(2)), (1, 0.5, F(0)), (-1, 0.25, F(-1)), (1, 0.125, F(1, 2))]),
    sums_case('w = 1 exactly stays a ratio', [(1, 1.0, F(1)), (1, 0.5, F(-2))]),
    sums_case('exact cancellation, and a zero coefficient', [(1, 0.5, F(-7)), (-1, 0.5, F(-7)), (1, 0.0, F(3))]),
    sums_case('subnormal coefficients', [(1, 1.5e-323, F(-1)), (-1, 5e-324, F(-2))]),
    sums_case('equal w grouped exactly', [(1, 0.1, F(-5)), (1, 0.2, F(-5)), (-1, 0.3, F(-5)), (1, 1.0, F(-40))]),
    sums_case('near -1000, one apart', [(1, 3.0, F(-1000)), (-1, 2.0, F(-1001)), (1, 0.5, F(-1000.5))]),
    sums_case('w near 0, 2e-320 apart, exact parts cancel', [(1, 1.0, F(3e-320)), (-1, 1.0, F(1e-320))]),
    sums_case('w near -3, 2^-1070 apart, exact parts cancel', [
        (1, 1.0, F(-3) + F(1, 2 ** 1071)), (-1, 1.0, F(-3) - F(1, 2 ** 1071))]),
    sums_case('w near -3, 1e-305 apart, exact parts cancel', [(1, 2.0, F(-3) + F(1e-305)), (-1, 2.0, F(-3))]),
    sums_case('ratio 1/2 apart from the top, signs mixed', [(-1, 1.0, F(-0.25)), (1, 3.0, F(-4)), (1, 0.5, F(-0.5))]),
    sums_case('coefficients past 2^1000', [(1, 1e300, F(-2)), (1, 3e305, F(-3)), (-1, 1e-300, F(-1))]),
    sums_case('large negative ratio to a large constant', [(1, 1.0, F(40)), (-1, 1.0, F(20)), (1, 1.0, F(-20))]),
    sums_case('largest w given last, the others far below', [(1, 1.0, F(-2000)), (1, 0.5, F(-10)), (1, 2.0, F(-3))]),
    sums_case('a group exactly 1500 below the largest is kept', [(1, 1.0, F(-3)), (1, 1.0, F(-1503))]),
    sums_case('a group 1500.5 below the largest (w_1 = 0) is dropped', [(1, 1.0, F(0)), (1, 1.0, F(-1500.5))]),
    sums_case('a subnormal coefficient on top, a unit one e^-744.5 below', [(1, 1.5e-323, F(-1)), (1, 1.0, F(-745.5))]),
    sums_case('a constant, and a group at w = -1500 (kept)', [(1, 1.0, F(3)), (1, 1.0, F(-1500)), (1, 1.0, F(-1600))]),
    sums_case('ratios e^-705 and e^-1400 below the top', [(1, 1e-300, F(-1)), (1, 1.0, F(-706)), (-1, 1.0, F(-1401))]),
]

# underflowGradient's entries: u(i, k), v(j, k), t(), b() with ln of the largest term
# |c_k sigma(w_k)| times the entry's factor (where the float sum's cancellation error sits). With row
# norms r the loss sees the unit rows given (U_i here) and the coefficients are the doubles
# V_jk - G_ij U_ik, the factor c t / r_i.
ENTRY_CONFIGS = {**CONFIGS, 'tiny-coefficient': {'U': [[1, 0], [0, 1]], 'V': [[1, 1.5e-323], [0, 1]]}}
ENTRIES = [('three-pairs', '800', '5', 'per-anchor', None), ('three-pairs', '800', '5', 'mean', ([2, 0.5, 4], [1, 3, 0.25])),
           ('three-pairs', '1e300', '1e299', 'sum', None),
           # dL/dU[0][1] = t (sigma(0.5) 1.5e-323 ... + sigma(-744)): the two parts 2^1074 apart in coefficient
           ('tiny-coefficient', '743.5', '744', 'sum', None)]


def log_entry(terms, ln_factor):
    """sign, ln |sum| + ln_factor and ln of the largest |c sigma(w)| + ln_factor over (sign, coef, w)."""
    x = exact_sum(terms)
    logs = [mp.log(abs(mp.mpf(c))) - mp.log1p(mp.exp(-w)) for _, c, w in terms if c != 0]
    out = {'sign': 0 if x == 0 else (1 if x > 0 else -1)}
    if logs:  # no term at all: lnLargest -Infinity
        out['lnLargest'] = mp.nstr(max(logs) + ln_factor, 30)
    if x != 0:
        out['ln'] = mp.nstr(mp.log(abs(x)) + ln_factor, 30)
    return out


ENTRIES_OUT = []
for name, ts, bs, norm, norms in ENTRIES:
    U = [[float(x) for x in r] for r in ENTRY_CONFIGS[name]['U']]
    V = [[float(x) for x in r] for r in ENTRY_CONFIGS[name]['V']]
    n, d = len(U), len(U[0])
    Gf = [[fdot(U[i], V[j]) for j in range(n)] for i in range(n)]
    t, b = mp.mpf(float(ts)), mp.mpf(float(bs))
    sw = [[(-1, -(t * Gf[i][j] - b)) if i == j else (1, t * Gf[i][j] - b) for j in range(n)] for i in range(n)]
    ln_c = mp.log(SCALE[norm](n))
    ru = [mp.log(x) for x in norms[0]] if norms else [0] * n
    rv = [mp.log(x) for x in norms[1]] if norms else [0] * n
    cu = (lambda i, j, k: V[j][k] - Gf[i][j] * U[i][k]) if norms else (lambda i, j, k: V[j][k])
    cv = (lambda i, j, k: U[i][k] - Gf[i][j] * V[j][k]) if norms else (lambda i, j, k: U[i][k])
    ENTRIES_OUT.append({
        'config': name, 'U': U, 'V': V, 't': ts, 'b': bs, 'normalization': norm, **({'rowNorms': {'u': norms[0], 'v': norms[1]}} if norms else {}),
        'grad': {'u': [[log_entry([(sw[i][j][0], cu(i, j, k), sw[i][j][1]) for j in range(n)], ln_c + mp.log(t) - ru[i])
               for k in range(d)] for i in range(n)],
        'v': [[log_entry([(sw[i][j][0], cv(i, j, k), sw[i][j][1]) for i in range(n)], ln_c + mp.log(t) - rv[j])
               for k in range(d)] for j in range(n)],
        't': log_entry([(sw[i][j][0], Gf[i][j], sw[i][j][1]) for i in range(n) for j in range(n)], ln_c),
        'b': log_entry([(-sw[i][j][0], 1.0, sw[i][j][1]) for i in range(n) for j in range(n)], ln_c)},
    })

# a seeded sweep of signedLogSum inputs: w = base + offset (two doubles) + nudge 2^-k (k up to 2148),
# coefficients from 1.5e-323 to 1e300; the exact sum by fractions and mpmath (its sign and ln)
SWEEP_RNG = random.Random(7)
SWEEP = []
for _ in range(150):
    base = SWEEP_RNG.choice([-800.0, -3.0, 0.0, 0.5, 2.0, 40.0, -1e300, 1e-320])
    terms = []
    for _ in range(SWEEP_RNG.randint(1, 5)):
        offset = SWEEP_RNG.uniform(-1, 1) * SWEEP_RNG.choice([1.0, 1e-300, 1e-315, 3.5e-323, 1e3, 1e300])
        nudge = [SWEEP_RNG.choice([1, -1]), SWEEP_RNG.randint(1000, 2148)] if SWEEP_RNG.random() < 0.3 else [0, 0]
        coef = SWEEP_RNG.choice([1.0, 0.5, 0.3, 1e-320, 1.5e-323, 2.0, 1e300, 0.1])
        terms.append({'base': repr(base), 'offset': repr(offset), 'nudge': nudge, 'sign': SWEEP_RNG.choice([1, -1]),
                      'coef': repr(coef)})
    exact = [(t['sign'], float(t['coef']), F(float(t['base'])) + F(float(t['offset'])) + t['nudge'][0] * F(1, 2 ** t['nudge'][1]))
             for t in terms]
    case = sums_case('sweep', exact)
    SWEEP.append({'terms': terms, 'sign': case['sign'], **({'ln': case['ln']} if 'ln' in case else {}),
                  'maxW': case['maxW']})

TO_NUMBER_OUT = [{'x': str(x), 'pow': p, 'value': repr(float(Fraction(x) / Fraction(2) ** p))} for x, p in TO_NUMBER]
assert TO_NUMBER_OUT[-2]['value'] == repr(float(2 ** 63 + 2 ** 11))
ARGS_OUT = []
for name, ts, bs in ARGUMENTS:
    U, V = CONFIGS[name]['U'], CONFIGS[name]['V']
    t, b = Fraction(float(ts)), Fraction(float(bs))
    n = len(U)
    w = []
    for i in range(n):
        for j in range(n):
            z = t * Fraction(fdot([float(x) for x in U[i]], [float(x) for x in V[j]])) - b
            w.append(str((-z if i == j else z) * W))
    ARGS_OUT.append({'config': name, 't': ts, 'b': bs, 'w': w})

print(json.dumps({'generator': 'scripts/oracles/loss_grad_underflow.py', 'configs': CONFIGS, 'cases': rows,
                  'scaled': [{'x': repr(x), 'scaled': str(int(Fraction(x) * 2 ** 1074))} for x in SCALED],
                  'toNumber': TO_NUMBER_OUT, 'arguments': ARGS_OUT, 'sums': SUMS, 'entries': ENTRIES_OUT,
                  'sweep': SWEEP}, indent=1))
