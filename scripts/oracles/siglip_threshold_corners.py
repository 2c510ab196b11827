#!/usr/bin/env python3
"""Independent mpmath oracle for the match threshold b_rel = b / t where the double quotient
overflows, underflows to 0 or lands on a subnormal.

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
print(json.dumps({'generator': 'scripts/oracles/siglip_threshold_corners.py', 'cases': cases}, indent=2))
