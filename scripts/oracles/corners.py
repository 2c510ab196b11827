#!/usr/bin/env python3
"""Corner audit: runs the built CLI (./sigcheck, `npm run build` first) at the corners of the documented
ranges and compares every compared field with an independent mpmath evaluation written from
docs/theory.md (not from sigcheck's code). Prints one row per (command, corner): the fields compared
and the largest relative error (absolute where the true value is 0), then the rows above LIMIT.
Run from the repo root:  nice -n 10 python3 scripts/oracles/corners.py   (about a minute of one core)

Conventions: G_ij is the float64 left-to-right dot product of the stored rows (the project's "exact
entries", README); every double input is taken exactly; t, b typed as decimals are the doubles
nearest them unless a command documents decimal inputs.
"""
import json
import os
import subprocess
import sys
import tempfile
from fractions import Fraction

import mpmath as mp

mp.mp.dps = 60
LIMIT = 64 * 2.0 ** -52  # relative; rows above it are listed at the end
ROWS = []


def sp(z):
    return mp.log1p(mp.exp(z)) if z < 0 else z + mp.log1p(mp.exp(-z))


def sig(z):
    return 1 / (1 + mp.exp(-z))


def cli(*args):
    r = subprocess.run(['./sigcheck', *args, '--format', 'json'], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: exit {r.returncode}: {r.stderr.strip()}")
    return json.loads(r.stdout)


def fr(x):
    return mp.mpf(x.numerator) / x.denominator if isinstance(x, Fraction) else mp.mpf(x)


def rel(got, want):
    got = fr(float(got) if got in ('Infinity', '-Infinity') else got)
    want = fr(want)
    if mp.isinf(want):
        return mp.mpf(0) if got == want else mp.inf
    return abs(got - want) if want == 0 else abs((got - want) / want)


def row(command, corner, errs):
    worst = max(errs.values()) if errs else mp.mpf(0)
    ROWS.append((command, corner, ', '.join(errs), worst))


def fdot(a, b):
    acc = 0.0
    for x, y in zip(a, b):
        acc += x * y
    return acc


# ---- loss: L_Sig and its gradient (t, b, U) in the three normalisations -------------------------
def loss_corners():
    configs = {
        'three-pairs': json.load(open('test/fixtures/configs/three-pairs.json')),
        'N=2,d=1': {'U': [[1.0], [-1.0]], 'V': [[1.0], [-1.0]]},
        'N=2,d=2': {'U': [[1.0, 0.0], [0.0, 1.0]], 'V': [[1.0, 0.0], [0.0, 1.0]]},
    }
    for name, c in configs.items():
        with tempfile.NamedTemporaryFile('w', suffix='.json', delete=False) as f:
            json.dump(c, f)
            path = f.name
        N = len(c['U'])
        G = [[mp.mpf(fdot(c['U'][i], c['V'][j])) for j in range(N)] for i in range(N)]
        for t in ['5e-324', '1e-300', '1', '10', '1e300', '1e307']:
            for bs in ['0', '1e-300', '-1e300', '1e300', 't', '-t']:
                tt = mp.mpf(float(t))
                bb = tt if bs == 't' else -tt if bs == '-t' else mp.mpf(float(bs))
                b = repr(float(bb))
                for norm, scale in (('sum', 1), ('per-anchor', N), ('mean', N * N)):
                    try:
                        d = cli('loss', '--config', path, '--t', t, '--b', b, '--normalization', norm, '--grad')
                    except RuntimeError:
                        continue  # refused (documented: logits overflow)
                    zs = [(i, j, tt * G[i][j] - bb) for i in range(N) for j in range(N)]
                    L = mp.fsum(sp(-z) if i == j else sp(z) for i, j, z in zs) / scale
                    dt = mp.fsum((-sig(-z) if i == j else sig(z)) * G[i][j] for i, j, z in zs) / scale
                    db = mp.fsum(sig(-z) if i == j else -sig(z) for i, j, z in zs) / scale
                    errs = {}
                    if isinstance(d['loss'], (int, float)) and L > mp.mpf('1e-300'):
                        errs['loss'] = rel(d['loss'], L)
                    errs['log10Loss'] = abs(mp.mpf(d['log10Loss']) - mp.log10(L)) / max(1, abs(mp.log10(L)))
                    # gradients that underflow float64 print 0 (left alone; see the report)
                    if abs(dt) > mp.mpf('1e-300'):
                        errs['grad.t'] = rel(d['grad']['t'], dt)
                    if abs(db) > mp.mpf('1e-300'):
                        errs['grad.b'] = rel(d['grad']['b'], db)
                    row('loss', f'{name} t={t} b={b} {norm}', errs)
        os.unlink(path)


# ---- siglip: init bias, expected loss, calibrated bias ------------------------------------------
def expect(g, d, t, b):
    d = mp.mpf(d)
    norm = mp.beta(mp.mpf(1) / 2, (d - 1) / 2)
    sd = 1 / mp.sqrt(d)
    ss = [k * sd for k in (-40, -12, -6, -3, -1, 1, 3, 6, 12, 40) if abs(k * sd) < 1]
    ss += [b / t + k / t for k in (-30, -5, -1, 0, 1, 5, 30) if abs(b / t + k / t) < 1]
    pts = sorted(set([mp.mpf(0), mp.pi / 2, mp.pi] + [mp.acos(x) for x in ss]))
    return mp.quad(lambda th: g(mp.cos(th)) * mp.sin(th) ** (d - 2), pts, maxdegree=10) / norm


def calibrated(prior, d, t):
    # E[tanh((t s + lb)/2)] = 2 prior - 1 (the same equation as E[sigmoid(t s + lb)] = prior)
    lo, hi = -t - 2 + mp.log(prior / (1 - prior)), t + 2 + mp.log(prior / (1 - prior))
    for _ in range(110):
        mid = (lo + hi) / 2
        if expect(lambda s: mp.tanh((t * s + mid) / 2), d, t, -mid) < 2 * prior - 1:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def siglip_corners():
    for B in [2, 3, 1000000, 33554431]:
        d = cli('siglip', '--batch', str(B))
        errs = {'initLogitBias': rel(d['initLogitBias'], -mp.log(B - 1))}
        bb = mp.mpf(10)
        Bm = mp.mpf(B)
        at0 = Bm * sp(bb) + Bm * (Bm - 1) * sp(-bb)
        mx = Bm * sp(bb + 10) + Bm * (Bm - 1) * sp(10 - bb)
        mn = Bm * sp(bb - 10) + Bm * (Bm - 1) * sp(-10 - bb)
        for k, s in (('sum', 1), ('per-anchor', Bm), ('mean', Bm * Bm)):
            errs[f'atZero.{k}'] = rel(d['initialLoss']['atZero'][k], at0 / s)
            errs[f'max.{k}'] = rel(d['initialLoss']['max'][k], mx / s)
            errs[f'min.{k}'] = rel(d['initialLoss']['min'][k], mn / s)
        row('siglip', f'batch={B} t=b=10', errs)
    for d_, t, b, B in [(2, '1e-300', '1e-300', 3), (3, '1000', '-500', 10), (2, '10', '10', 33554431),
                        (1152, '117.8', '12.9', 2), (1000000, '10', '10', 32768)]:
        tt, bb = mp.mpf(float(t)), mp.mpf(float(b))
        j = cli('siglip', '--batch', str(B), '--d', str(d_), '--t', t, '--b', b, '--mc-samples', '0')['initialLoss']
        pos = expect(lambda s: sp(bb - tt * s), d_, tt, bb)
        neg = expect(lambda s: sp(tt * s - bb), d_, tt, bb)
        Bm = mp.mpf(B)
        tot = Bm * pos + Bm * (Bm - 1) * neg
        errs = {'terms.positive': rel(j['terms']['positive'], pos), 'terms.negative': rel(j['terms']['negative'], neg),
                'expected.sum': rel(j['expected']['sum'], tot), 'expected.per-anchor': rel(j['expected']['per-anchor'], tot / Bm),
                'expected.mean': rel(j['expected']['mean'], tot / Bm / Bm)}
        row('siglip', f'd={d_} t={t} b={b} batch={B} (expected loss)', errs)
    for B, prior, d_, t in [(2, None, 2, '10'), (2, None, 768, '117.8'), (33554431, None, 2, '10'), (3, None, 2, '1e-300'),
                            (1024, None, 768, '10'), (100, '0.51', 16, '10'), (100, '0.4999', 768, '117.8')]:
        args = ['siglip', '--batch', str(B), '--d', str(d_), '--t', t, '--b', '1', '--mc-samples', '0']
        if prior:
            args += ['--prior', prior]
        got = cli(*args)['initBias']['calibratedLogitBias']
        p = fr(Fraction(prior)) if prior else mp.mpf(1) / B
        want = mp.mpf(0) if p == mp.mpf(1) / 2 else calibrated(p, d_, mp.mpf(float(t)))
        row('siglip', f'batch={B} prior={prior or "1/B"} d={d_} t={t} (calibratedLogitBias)', {'calibratedLogitBias': rel(got, want)})


# ---- plan / ccem: thresholds and the loss at the ends of the CCEM family --------------------------
def ccem_plan_corners():
    # N = 3: T_ETF = -inf (ETF for every t), T_ANTI = ln(1/2)/2; N = 4: both 0
    for N in [3, 4, 5, 8, 1000000, 1000000000]:
        d = cli('ccem', '--N', str(N), '--t', '1')
        Nm = mp.mpf(N)
        errs = {'thresholds.etf': rel(d['thresholds']['etf'], (Nm - 1) / Nm * mp.log(Nm - 3)),
                'thresholds.antipodal': rel(d['thresholds']['antipodal'], mp.log((Nm - 2) / 2) / 2)}
        row('ccem', f'N={N} thresholds', errs)
    for N, d_, t, b in [(3, 2, '10', '10'), (4, 4, '10', '10'), (1000000000000000, 768, '10', '10'),
                        (1000000000000000, 768, '1e-300', '1e-300'), (3, 2, '1e300', '1e300'), (10, 10, '1e-300', '5')]:
        j = cli('plan', '--N', str(N), '--d', str(d_), '--t', t, '--b', b)['regime']
        Nm, tt, bb = mp.mpf(N), mp.mpf(float(t)), mp.mpf(float(b))
        c1 = mp.mpf(j['c1'])
        c2 = ((Nm - 2) * c1 - Nm) / (2 * (Nm - 1))
        f = sp(bb - tt * c1) + (Nm - 1) * sp(tt * c2 - bb)
        # the regime from the signs of f'(+-1) (docs/theory.md §1, general (t, b))
        etf = 1 + mp.exp(tt / (Nm - 1) + bb) >= (Nm - 2) / 2 * (1 + mp.exp(tt - bb))
        anti = tt + bb <= mp.log((Nm - 2) / 2) if Nm > 2 else False
        name = 'etf' if etf else 'antipodal' if anti else 'interior'
        errs = {'c2': rel(j['c2'], c2), 'lossPerAnchor': rel(j['lossPerAnchor'], f), 'regime': mp.mpf(0 if j['name'] == name else 1)}
        row('plan', f'N={N} d={d_} t={t} b={b}', errs)


# ---- bounds: inversions at N = d + 1, d + 2, 2d and the m = 1/3 edge ------------------------------
def bounds_corners():
    d = 10
    for N, want in [(d + 1, Fraction(11, 29)), (d + 2, Fraction(1, 3)), (2 * d, Fraction(1, 3))]:
        r = cli('bounds', '--N', str(N), '--d', str(d), '--b-rel', '0')[0]
        row('bounds', f'N={N} d={d} b_rel=0 (mMax: Thm 3.4 for N <= d + 1, else the branch end)', {'mMax': rel(r['mMax'], want)})
    for m in ['0.333333333333333333333333333333', '0.3333333333333333333333333333334']:
        rows = cli('bounds', '--d', '2,3,10', '--m', m, '--b-rel', '0')
        mf = Fraction(m)
        r_exact = (1 - 3 * mf) / (1 + mf)
        errs = {'rho': max(rel(r['rho'], r_exact) for r in rows)}
        ok = all((r['feasible'] is True) == (3 * mf <= 1) for r in rows)
        errs['feasible'] = mp.mpf(0 if ok else 1)
        row('bounds', f'd=2,3,10 m={m} b_rel=0', errs)


# ---- solve: the initial t is t0 ------------------------------------------------------------------
def solve_corners():
    for t0 in ['10', '3', '0.1', '1e-300']:
        d = cli('solve', '--N', '6', '--d', '3', '--steps', '0', '--t0', t0)
        row('solve', f'--steps 0 --t0 {t0}', {'t': rel(d['t'], mp.mpf(float(t0))), 'trajectory[0].t': rel(d['trajectory'][0]['t'], mp.mpf(float(t0)))})


def main():
    only = sys.argv[1:] or ['loss', 'siglip', 'ccem', 'bounds', 'solve']
    for name, fn in (('loss', loss_corners), ('siglip', siglip_corners), ('ccem', ccem_plan_corners),
                     ('bounds', bounds_corners), ('solve', solve_corners)):
        if name in only:
            fn()
    width = max(len(r[1]) for r in ROWS)
    for command, corner, fields, worst in ROWS:
        print(f'{command:8} {corner:{width}}  {mp.nstr(worst, 3):>10}  {fields}')
    bad = [r for r in ROWS if r[3] > LIMIT]
    print(f'{len(ROWS)} rows, {len(bad)} above {LIMIT:.3g}')
    for command, corner, fields, worst in bad:
        print(f'ABOVE {command} {corner}: {mp.nstr(worst, 3)} ({fields})')


if __name__ == '__main__':
    main()
