import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { gatesJunit } from '../../../src/report/gates.js';
import { evaluateGates, type GateInput, parseRequirement } from '../../../src/siglip/gates.js';

const base: GateInput = {
  N: 100,
  mStar: 0.05,
  bStar: 0.1,
  mMean: 0.2,
  mTrimmed: 0.01,
  constellation: true,
  retrieval: { uToV: 1, vToU: 0.99 },
  gap: { separable: false },
  xi: 1e-4,
  loss: { perAnchor: 0.5 },
};

describe('requirements', () => {
  it('parses measure-operator-number and flags; refuses anything else', () => {
    expect(parseRequirement('margin>=0.05')).toEqual({
      text: 'margin>=0.05',
      kind: 'compare',
      metric: 'margin',
      op: '>=',
      threshold: '0.05',
    });
    expect(parseRequirement(' xi < 1e-3 ')).toMatchObject({ metric: 'xi', op: '<', threshold: '1e-3' });
    expect(parseRequirement('gap')).toEqual({ text: 'gap', kind: 'flag', flag: 'gap' });
    for (const bad of [
      'margin=>0.05',
      'margin>=',
      'margins>=0.1',
      'margin>=abc',
      '',
      'margin>=0.05x',
      'gaps',
    ]) {
      expect(() => parseRequirement(bad), bad).toThrow(UsageError);
    }
  });
  it('compares the exact double with the decimal threshold: 0.05 (double) >= 0.05 but not <= 0.05', () => {
    // the double 0.05 is 0.05000000000000000277...
    const r = evaluateGates(
      ['margin>=0.05', 'margin<=0.05', 'margin==0.05', 'margin>0.05'].map(parseRequirement),
      base,
    );
    expect(r.map((x) => x.passed)).toEqual([true, false, false, true]);
    const exact = evaluateGates(
      [parseRequirement('margin==0.05000000000000000277555756156289135105907917022705078125')],
      base,
    );
    expect(exact[0]!.passed).toBe(true);
  });
  it('retrieval is the smaller direction; flags read constellation and the separator', () => {
    const r = evaluateGates(
      ['retrieval>=0.99', 'retrieval>0.99', 'constellation', 'gap'].map(parseRequirement),
      base,
    );
    // 99/100 >= 0.99 as rationals, although the double 0.99 is below the decimal 0.99
    expect(r.map((x) => x.passed)).toEqual([true, false, true, false]);
    expect(r[3]!.message).toMatch(/^gap: not/);
    const classes = evaluateGates([parseRequirement('retrieval-vu>=0.75')], {
      ...base,
      classes: 4,
      retrieval: { uToV: 1, vToU: 0.75 },
    });
    expect(classes[0]!.passed).toBe(true);
  });
  it('JUnit: one test case per requirement, failures counted and marked', () => {
    const r = evaluateGates(['margin>=0.1', 'constellation'].map(parseRequirement), base);
    const xml = gatesJunit(r, 'u v');
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml).toContain('tests="2" failures="1"');
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).toContain('name="margin&#62;=0.1"');
  });
});

describe('a requirement on a measure the analysis left out (analyze --skip)', () => {
  const { mTrimmed: _m, gap: _g, xi: _x, loss: _l, ...lean } = base;
  it('is a usage error naming it, not a pass or a NaN comparison', () => {
    for (const [text, what] of [
      ['margin-trimmed>=0', 'margin-trimmed'],
      ['xi<=1', 'xi'],
      ['loss<=1', 'loss'],
      ['gap', 'gap'],
    ] as const) {
      expect(() => evaluateGates([parseRequirement(text)], lean), text).toThrow(
        new UsageError(`--require ${what}: the analysis has no ${what} (left out by --skip)`),
      );
    }
  });
  it('the measures it kept are decided as before', () => {
    const [r] = evaluateGates([parseRequirement('margin>=0.05')], lean);
    expect(r!.passed).toBe(true);
    expect(evaluateGates([parseRequirement('constellation')], lean)[0]!.passed).toBe(true);
  });
});
