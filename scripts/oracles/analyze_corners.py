#!/usr/bin/env python3
"""Corner audit of `sigcheck analyze` on small inputs against exact arithmetic (Fractions) and
mpmath, written from docs/theory.md §2 and README ("Exact at float32 speed") without sigcheck's code.
Runs the built CLI (`npm run build` first) from the repo root:

    nice -n 10 python3 scripts/oracles/analyze_corners.py [--quick]

Inputs: seeded unit rows (N in 2..300, d in 1, 2, 3, 768) stored as float64 and float32 .npy,
.safetensors, .json and .csv, plus hand-made corners (ties, N = 2, duplicate rows, labels). For
every case it compares, one row per (input, t, b, trim):
  minPos, maxNeg          equal to the float64 left-to-right dots of the stored values (README: the
                          "exact entries"); also their error against the real inner products
  mStar, bStar, mTrimmed, bTrimmed, mMean, bMean
                          against the exact (Fraction) value of the formula on those entries
  meanPos, meanNeg        against the exact mean of the real inner products (README: "within a few
                          ulps of the exact inputs' mean")
  trimmed quantiles       numpy 'linear' quantile of the entries, evaluated exactly
  constellation, retrieval (ties fail), xi, xiCov (exact differences, 60 digits), loss in three
  normalisations (softplus of t G - b at 60 digits; log10 bounds where it underflows)
  gap                     margin <= marginUpper and the exact optimum of the hull problem lies
                          between them (a QP in float64, so a 1e-9 slack)
Prints one line per case: the worst relative error of each field group (absolute where the true
value is 0) and MISMATCH lines for exact fields that differ. A relative error above LIMIT is listed.
"""
import json
import math
import os
import struct
import subprocess
import sys
import tempfile
from fractions import Fraction

import mpmath as mp
import numpy as np

mp.mp.dps = 60
LIMIT = 16 * 2.0 ** -52
QUICK = '--quick' in sys.argv
TMP = tempfile.mkdtemp(prefix='analyze-corners-')
OUT = []


def run(args):
    r = subprocess.run(['./sigcheck', 'analyze', *args, '--format', 'json'], capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def fdot_rows(U, V):
    """float64 left-to-right dots: G[i, j] = ((u0 v0 + u1 v1) + ...) with each product rounded."""
    n, k = U.shape[0], V.shape[0]
    G = np.empty((n, k))
    for i in range(n):
        p = U[i][None, :] * V  # rounded products
        G[i] = np.cumsum(p, axis=1)[:, -1] if U.shape[1] > 1 else p[:, 0]
    return G


def F(x):
    return Fraction(float(x))


def fr_to_mp(x):
    return mp.mpf(x.numerator) / x.denominator


def rel(got, want):
    """relative error of a printed double against an exact value (Fraction or mpf)."""
    if got is None:
        return math.inf
    w = fr_to_mp(want) if isinstance(want, Fraction) else mp.mpf(want)
    g = mp.mpf(got)
    return float(abs(g - w)) if w == 0 else float(abs((g - w) / w))


def linear_quantile(sorted_vals, q):
    """numpy 'linear' (type 7): h = (n - 1) q, x[fl h] + (h - fl h)(x[fl h + 1] - x[fl h]), exactly
    (q a Fraction, e.g. 1 - trim taken exactly, not rounded to a double first)."""
    n = len(sorted_vals)
    h = (n - 1) * Fraction(q)
    lo = math.floor(h)
    hi = min(lo + 1, n - 1)
    return F(sorted_vals[lo]) + (h - lo) * (F(sorted_vals[hi]) - F(sorted_vals[lo]))


def sp(z):
    return mp.log1p(mp.exp(z)) if z < 0 else z + mp.log1p(mp.exp(-z))


def gap_optimum(U, V):
    """max over unit h of min(<h, U_i>, -<h, V_j>) via the min-norm point of hull(U, -V) (SLSQP)."""
    from scipy.optimize import minimize

    P = np.vstack([U, -V])
    m = P.shape[0]
    res = minimize(lambda w: 0.5 * np.dot(w @ P, w @ P), np.full(m, 1 / m), jac=lambda w: P @ (w @ P),
                   bounds=[(0, 1)] * m, constraints=[{'type': 'eq', 'fun': lambda w: w.sum() - 1}],
                   method='SLSQP', options={'ftol': 1e-16, 'maxiter': 500})
    return float(np.linalg.norm(res.x @ P))


def write_inputs(name, U, V, dtype, fmt):
    """the stored rows in one format; returns (u arg, v arg, the stored values as float64 arrays)."""
    Us, Vs = U.astype(dtype), V.astype(dtype)
    base = os.path.join(TMP, name)
    if fmt == 'npy':
        np.save(base + '.U.npy', Us)
        np.save(base + '.V.npy', Vs)
        return base + '.U.npy', base + '.V.npy', Us.astype(np.float64), Vs.astype(np.float64)
    if fmt == 'safetensors':
        tag = 'F64' if dtype == np.float64 else 'F32'
        hdr, off, blobs = {}, 0, []
        for key, a in (('U', Us), ('V', Vs)):
            b = np.ascontiguousarray(a).astype('<' + a.dtype.str[1:]).tobytes()
            hdr[key] = {'dtype': tag, 'shape': list(a.shape), 'data_offsets': [off, off + len(b)]}
            off += len(b)
            blobs.append(b)
        h = json.dumps(hdr).encode()
        with open(base + '.safetensors', 'wb') as f:
            f.write(struct.pack('<Q', len(h)) + h + b''.join(blobs))
        p = base + '.safetensors'
        return p + '#U', p + '#V', Us.astype(np.float64), Vs.astype(np.float64)
    if fmt == 'json':
        with open(base + '.json', 'w') as f:
            json.dump({'U': [[repr(float(x)) and float(x) for x in r] for r in Us],
                       'V': [[float(x) for x in r] for r in Vs]}, f)
        return base + '.json#U', base + '.json#V', Us.astype(np.float64), Vs.astype(np.float64)
    if fmt == 'csv':
        for key, a in (('U', Us), ('V', Vs)):
            with open(f'{base}.{key}.csv', 'w') as f:
                f.write('\n'.join(','.join(repr(float(x)) for x in r) for r in a) + '\n')
        return base + '.U.csv', base + '.V.csv', Us.astype(np.float64), Vs.astype(np.float64)
    raise ValueError(fmt)


def oracle_and_compare(case, uarg, varg, U, V, t='10', b='10', trim='0.05', labels=None, extra=()):
    args = ['--u', uarg, '--v', varg, '--t', t, '--b', b, '--trim', trim, *extra]
    if labels is not None:
        lp = os.path.join(TMP, case + '.labels.npy')
        np.save(lp, np.array(labels, dtype=np.int64))
        args += ['--labels', lp]
    rc, out, err = run(args)
    tag = f'{case} t={t} b={b} trim={trim}'
    if rc != 0:
        OUT.append((tag, f'exit {rc}: {err.strip()}', {}))
        return
    doc = json.loads(out)
    n, k = U.shape[0], V.shape[0]
    lab = list(range(n)) if labels is None else list(labels)
    G = fdot_rows(U, V)
    pos = [G[i, lab[i]] for i in range(n)]
    neg = [G[i, j] for i in range(n) for j in range(k) if j != lab[i]]
    errs, bad = {}, []

    def put(group, e):
        errs[group] = max(errs.get(group, 0.0), e)

    minPos, maxNeg = min(pos), max(neg)
    if doc['minPos'] != minPos:
        bad.append(f"minPos {doc['minPos']!r} != {minPos!r}")
    if doc['maxNeg'] != maxNeg:
        bad.append(f"maxNeg {doc['maxNeg']!r} != {maxNeg!r}")
    put('mStar,bStar', rel(doc['mStar'], (F(minPos) - F(maxNeg)) / 2))
    put('mStar,bStar', rel(doc['bStar'], (F(minPos) + F(maxNeg)) / 2))
    if doc['constellation'] != (minPos > maxNeg):
        bad.append(f"constellation {doc['constellation']} with m* {(F(minPos) - F(maxNeg)) / 2}")
    # means of the real inner products of the stored values
    Uf = [[F(x) for x in r] for r in U]
    Vf = [[F(x) for x in r] for r in V]
    d = U.shape[1]
    exact_pos = [sum(Uf[i][q] * Vf[lab[i]][q] for q in range(d)) for i in range(n)]
    colU = [sum(Uf[i][q] for i in range(n)) for q in range(d)]
    colV = [sum(Vf[j][q] for j in range(k)) for q in range(d)]
    total = sum(colU[q] * colV[q] for q in range(d))
    meanPos = sum(exact_pos) / n
    meanNeg = (total - sum(exact_pos)) / (n * k - n)
    put('meanPos', rel(doc['meanPos'], meanPos))
    put('meanNeg', rel(doc['meanNeg'], meanNeg))
    put('mMean,bMean', rel(doc['mMean'], (meanPos - meanNeg) / 2))
    put('mMean,bMean', rel(doc['bMean'], (meanPos + meanNeg) / 2))
    # trimmed: the trim-quantile of the positives, the (1 - trim)-quantile of the negatives
    q = float(trim)
    qp = linear_quantile(sorted(pos), q)
    qn = linear_quantile(sorted(neg), 1 - Fraction(q))
    put('mTrimmed,bTrimmed', rel(doc['mTrimmed'], (qp - qn) / 2))
    put('mTrimmed,bTrimmed', rel(doc['bTrimmed'], (qp + qn) / 2))
    # retrieval, ties fail
    u_ok = sum(1 for i in range(n) if all(G[i, j] < G[i, lab[i]] for j in range(k) if j != lab[i]))
    v_ok = 0
    for j in range(k):
        p = [G[i, j] for i in range(n) if lab[i] == j]
        o = [G[i, j] for i in range(n) if lab[i] != j]
        if p and (not o or max(p) > max(o)):
            v_ok += 1
    if doc['retrieval']['uToV'] != u_ok / n or doc['retrieval']['vToU'] != v_ok / k:
        bad.append(f"retrieval {doc['retrieval']} != {u_ok / n}, {v_ok / k}")
    # xi, xiCov on the exact differences
    D = [[Uf[i][q] - Vf[lab[i]][q] for q in range(d)] for i in range(n)]
    mean = [sum(D[i][q] for i in range(n)) / n for q in range(d)]
    xi = mp.fsum(mp.sqrt(fr_to_mp(sum(x * x for x in r))) for r in D) / n - mp.sqrt(fr_to_mp(sum(x * x for x in mean)))
    xicov = sum(sum(x * x for x in r) for r in D) / n - sum(x * x for x in mean)
    put('xi', rel(doc['xi'], xi))
    put('xiCov', rel(doc['xiCov'], xicov))
    # loss on the entries
    tt, bb = mp.mpf(float(t)), mp.mpf(float(b))
    terms = [sp(-(tt * mp.mpf(G[i, lab[i]]) - bb)) for i in range(n)]
    terms += [sp(tt * mp.mpf(G[i, j]) - bb) for i in range(n) for j in range(k) if j != lab[i]]
    L = mp.fsum(terms)
    lo = doc['loss']
    if lo.get('sum') is not None:
        put('loss', rel(lo['sum'], L))
        put('loss', rel(lo['perAnchor'], L / n))
        put('loss', rel(lo['mean'], L / (n * k)))
    else:
        lg = mp.log10(L)
        a, c = lo['log10SumBounds']
        if not (a <= lg <= c):
            bad.append(f'log10 loss {lg} outside {lo["log10SumBounds"]}')
        put('loss(bounds width)', c - a)
    # gap: the optimum lies in [margin, marginUpper]
    g = doc['gap']
    if g['margin'] > g['marginUpper']:
        bad.append(f"gap margin {g['margin']} > marginUpper {g['marginUpper']}")
    if n + k <= 120 and g.get('fraction') == 1:
        opt = gap_optimum(U, V)
        if not (g['margin'] <= opt + 1e-9 and opt <= g['marginUpper'] + 1e-9):
            bad.append(f"gap optimum {opt} outside [{g['margin']}, {g['marginUpper']}]")
        put('gap margin vs optimum', abs(g['margin'] - opt) / max(opt, 1e-300))
    OUT.append((tag, bad, errs))


def unit_rows(rng, n, d):
    X = rng.standard_normal((n, d))
    return X / np.linalg.norm(X, axis=1, keepdims=True)


def main():
    rng = np.random.default_rng(20261128)
    shapes = [(2, 1), (3, 2), (5, 3), (40, 3), (300, 2)] if not QUICK else [(2, 1), (5, 3)]
    if not QUICK:
        shapes += [(20, 768), (300, 3)]
    for n, d in shapes:
        U = unit_rows(rng, n, d)
        V = unit_rows(rng, n, d)
        if d <= 3:
            V = (U + 0.3 * V)
            V /= np.linalg.norm(V, axis=1, keepdims=True)
        for dtype in (np.float64, np.float32):
            for fmt in ('npy', 'safetensors', 'json', 'csv'):
                if fmt in ('json', 'csv') and dtype == np.float32:
                    continue  # JSON and CSV values are float64: float32-rounded rows are not unit there
                name = f'N{n}d{d}.{np.dtype(dtype).name}.{fmt}'
                ua, va, Us, Vs = write_inputs(name, U, V, dtype, fmt)
                oracle_and_compare(name, ua, va, Us, Vs)
                if fmt == 'npy' and n <= 40:
                    for t, b in [('1e-300', '0'), ('1e-300', '1e-300'), ('1', '1'), ('1', '1e300'), ('117', '-117'),
                                 ('117', '117'), ('1e4', '0'), ('1e4', '1e300'), ('1e300', '1e300'), ('1e300', '0'),
                                 ('1e300', '-1e300'), ('10', '-10')]:
                        oracle_and_compare(name, ua, va, Us, Vs, t=t, b=b)
                    for trim in ('0', '1e-9', '0.25', '0.4999999999999999'):
                        oracle_and_compare(name, ua, va, Us, Vs, trim=trim)
    # ties: duplicate rows, the simplex, N = 2 antipodal, d = 1
    corners = {
        'dup-rows': (np.array([[1.0, 0], [1.0, 0], [0, 1.0]]), np.array([[1.0, 0], [1.0, 0], [0, 1.0]])),
        'simplex3': (np.array([[1.0, 0], [-0.5, math.sqrt(3) / 2], [-0.5, -math.sqrt(3) / 2]]),) * 2,
        'antipodal-d1': (np.array([[1.0], [-1.0]]), np.array([[1.0], [-1.0]])),
        'all-same-d1': (np.array([[1.0], [1.0], [1.0]]), np.array([[1.0], [1.0], [1.0]])),
        'tiny-margin': (np.array([[1.0, 0], [0, 1.0]]), np.array([[1.0, 0], [math.sin(1e-9), math.cos(1e-9)]])),
    }
    for name, (U, V) in corners.items():
        ua, va, Us, Vs = write_inputs(name, U, V, np.float64, 'npy')
        for t, b in [('10', '10'), ('1e300', '0'), ('1e-300', '1e-300')]:
            oracle_and_compare(name, ua, va, Us, Vs, t=t, b=b)
        for trim in ('0', '1e-9', '0.4999999999999999'):
            oracle_and_compare(name, ua, va, Us, Vs, trim=trim)
    # labels: 6 U rows onto 3 V rows, and a V row nobody points to
    U = unit_rows(rng, 6, 3)
    V = unit_rows(rng, 4, 3)
    ua, va, Us, Vs = write_inputs('labels', U, V, np.float64, 'npy')
    oracle_and_compare('labels', ua, va, Us, Vs, labels=[0, 1, 2, 0, 1, 2])
    oracle_and_compare('labels-k', ua, va, Us, Vs, labels=[3, 3, 3, 3, 3, 3])
    worst = {}
    for tag, bad, errs in OUT:
        if isinstance(bad, str):
            print(f'{tag}: {bad}')
            continue
        for m in bad:
            print(f'MISMATCH {tag}: {m}')
        for kname, e in errs.items():
            worst[kname] = max(worst.get(kname, (0, ''))[0], e), tag if e >= worst.get(kname, (0, ''))[0] else worst[kname][1]
            if e > LIMIT and not kname.startswith('loss(bounds') and not kname.startswith('gap'):
                print(f'ABOVE {tag}: {kname} {e:.3g}')
    print(f'{len(OUT)} runs; worst relative error per field group:')
    for kname, (e, tag) in sorted(worst.items()):
        print(f'  {kname:22s} {e:.3g}  ({tag})')


if __name__ == '__main__':
    main()
