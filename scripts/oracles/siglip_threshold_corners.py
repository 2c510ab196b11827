#!/usr/bin/env python3
"""Independent mpmath oracle for the match threshold b_rel = b / t where the double quotient
overflows, underflows to 0 or lands on a subnormal, and for p(s) where t times the rounding of s matters.

Regenerate (from the repo root):

    python3 scripts/oracles/siglip_threshold_corners.py > test/fixtures/siglip/threshold-corners.json

Written from docs/theory.md §5.3 (b_rel = b / t; t = exp(logit_scale), b = -logit_bias) without
sigcheck's code, at 60 digits; each value is printed to 17 significant digits.
"""

import json

import mpmath as mp

mp.mp.dps = 60

cases = []
for t, b in [('1e-300', '1e300'), ('1e300', '1e-300'), ('1', '1e-310'), ('3e-200', '-7e200'), ('1e-300', '-1e-300')]:
    cases.append({'kind': 'canonical', 't': t, 'b': b, 'bRel': mp.nstr(mp.mpf(b) / mp.mpf(t), 17)})
for ls, lb in [('-745', '1e300'), ('700', '-1e-300')]:
    cases.append({'kind': 'siglip', 'logitScale': ls, 'logitBias': lb,
                  'bRel': mp.nstr(-mp.mpf(lb) / mp.exp(mp.mpf(ls)), 17)})
# p(s) = sigmoid(t s - b) and log10 p on the typed decimals (docs/theory.md §5.3), where t times the
# rounding of s is not small: s = 0.1000000000000001 at t = 1e15, s = 0.9999999999999999 at t = 1e300
similarities = []
for t, b, s in [('1e15', '1e14', '0.1000000000000001'), ('1e300', '1e300', '0.9999999999999999'),
                ('117.8', '12.9', '0.11'), ('1e15', '1e14', '0.09999999999999999')]:
    z = mp.mpf(t) * mp.mpf(s) - mp.mpf(b)
    log_p = -(mp.log1p(mp.exp(-z)) if z > 0 else -z + mp.log1p(mp.exp(z)))
    similarities.append({'t': t, 'b': b, 's': s, 'p': mp.nstr(mp.exp(log_p), 17), 'log10P': mp.nstr(log_p / mp.log(10), 17)})
print(json.dumps({'generator': 'scripts/oracles/siglip_threshold_corners.py', 'cases': cases,
                  'similarities': similarities}, indent=2))
