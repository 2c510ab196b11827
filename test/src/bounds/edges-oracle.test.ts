import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { FLOAT_LOG_MARGIN } from '../../../src/bounds/decide.js';
import { forwardRowHp } from '../../../src/bounds/hp/table.js';
import { dimensionForN, forwardRow, marginFor } from '../../../src/bounds/table.js';
import { repoRoot, runCli } from '../../__helpers__/cli.js';

/**
 * The differential edge suite: sigcheck's bounds against frozen mpmath values (betainc cap areas,
 * Levenshtein from Jacobi zeros found by root search, inversions by direct search).
 * Regenerate: python3 scripts/oracles/bounds_edges.py > test/fixtures/bounds-edges.json
 */
interface ForwardPoint {
  d: number;
  m: number;
  bRel: number;
  log10NLower: string;
  log10NLowerPaper: string | null;
  log10NUpper: string;
  upperKind: string;
  lowerKind: string;
}
interface DimensionPoint {
  N: number;
  m: number;
  bRel: number;
  dSufficient: number;
  dNecessary: number;
}
interface MarginPoint {
  N: number;
  d: number;
  bRel: number;
  mGuaranteed: string;
}
const fixture = JSON.parse(readFileSync(`${repoRoot}/test/fixtures/bounds-edges.json`, 'utf8')) as {
  forward: ForwardPoint[];
  dimension: DimensionPoint[];
  margin: MarginPoint[];
};

const D = Decimal.clone({ precision: 60 });

/** Agreeing significant digits of a value with the fixture's decimal string. */
function digits(x: number | string, ref: string): number {
  const r = new D(ref);
  const diff = new D(typeof x === 'number' ? x.toPrecision(100) : x).minus(r).abs();
  if (diff.isZero()) return 30;
  return -diff.div(r.abs()).log(10).toNumber();
}

/**
 * Float columns must sit 100x inside the margin the certified comparisons trust them to
 * (FLOAT_LOG_MARGIN = 1e-9 relative): 11 digits. Decimal columns at 30 digits: 27 digits against
 * the 30 printed by the fixture (80-digit mpmath).
 */
const FLOAT_DIGITS = -Math.log10(FLOAT_LOG_MARGIN / 100);
const HP_DIGITS = 27;

describe('bounds edge suite against mpmath (frozen fixture)', () => {
  it(`forward mode: ${fixture.forward.length} points, float64 >= ${FLOAT_DIGITS} digits, decimal >= ${HP_DIGITS} digits, same lower and upper bound kinds`, () => {
    let worstFloat = 30;
    let worstHp = 30;
    for (const p of fixture.forward) {
      const row = forwardRow(p.d, p.m, p.bRel);
      const hp = forwardRowHp(p.d, p.m, p.bRel, 30);
      const where = `d=${p.d} m=${p.m} b=${p.bRel}`;
      expect(row.upperKind, where).toBe(p.upperKind);
      expect(row.lowerKind, where).toBe(p.lowerKind);
      const cols: [number | null, Decimal | null, string | null][] = [
        [row.log10NLower, hp.log10NLower, p.log10NLower],
        [row.log10NLowerPaper, hp.log10NLowerPaper, p.log10NLowerPaper],
        [row.log10NUpper, hp.log10NUpper, p.log10NUpper],
      ];
      for (const [f, h, ref] of cols) {
        if (ref === null) {
          expect(f, where).toBeNull();
          continue;
        }
        const a = digits(f!, ref);
        const b = digits(h!.toString(), ref);
        expect(a, `${where} float ${f} vs ${ref}`).toBeGreaterThanOrEqual(FLOAT_DIGITS);
        expect(b, `${where} decimal ${h} vs ${ref}`).toBeGreaterThanOrEqual(HP_DIGITS);
        worstFloat = Math.min(worstFloat, a);
        worstHp = Math.min(worstHp, b);
      }
    }
    console.info(
      `edge suite forward: ${fixture.forward.length} points, worst digits float ${worstFloat.toFixed(2)}, decimal ${worstHp.toFixed(2)}`,
    );
  });

  it(`dimension mode: ${fixture.dimension.length} points, exact integers`, () => {
    for (const p of fixture.dimension) {
      const r = dimensionForN(p.N, p.m, p.bRel);
      expect([r.dSufficient, r.dNecessary], `N=${p.N} m=${p.m} b=${p.bRel}`).toEqual([
        p.dSufficient,
        p.dNecessary,
      ]);
    }
  });

  it(`margin mode: ${fixture.margin.length} points, mGuaranteed to 12 digits (bisection to the double spacing)`, () => {
    let worst = 30;
    for (const p of fixture.margin) {
      const r = marginFor(p.N, p.d, p.bRel);
      const a = digits(r.mGuaranteed!, p.mGuaranteed);
      expect(a, `N=${p.N} d=${p.d} b=${p.bRel}: ${r.mGuaranteed} vs ${p.mGuaranteed}`).toBeGreaterThanOrEqual(
        12,
      );
      worst = Math.min(worst, a);
    }
    console.info(`edge suite margin: ${fixture.margin.length} points, worst digits ${worst.toFixed(2)}`);
  });

  it('the CLI prints the same values in each mode (one run per mode)', () => {
    const f = fixture.forward.filter((p) => p.m === 1e-300 && p.bRel === 0);
    const r1 = runCli([
      'bounds',
      '--d',
      f.map((p) => p.d).join(','),
      '--m',
      '1e-300',
      '--b-rel',
      '0',
      '--hp',
      '--format',
      'json',
    ]);
    expect(r1.code, r1.stderr).toBe(0);
    const rows1 = JSON.parse(r1.stdout) as { log10NUpper: number; log10NUpperHp: string }[];
    rows1.forEach((row, i) => {
      expect(digits(row.log10NUpper, f[i]!.log10NUpper)).toBeGreaterThanOrEqual(FLOAT_DIGITS);
      expect(digits(row.log10NUpperHp, f[i]!.log10NUpper)).toBeGreaterThanOrEqual(17);
    });
    const dp = fixture.dimension.find((p) => p.N === 3 && p.m === 0.25)!;
    const r2 = runCli(['bounds', '--N', '3', '--m', '0.25', '--b-rel', '0.75', '--format', 'json']);
    expect(JSON.parse(r2.stdout)[0]).toMatchObject({
      dSufficient: dp.dSufficient,
      dNecessary: dp.dNecessary,
    });
    const mp = fixture.margin.find((p) => p.N === 2 && p.d === 2)!;
    const r3 = runCli(['bounds', '--N', '2', '--d', '2', '--b-rel', '0.5', '--format', 'json']);
    expect(digits(JSON.parse(r3.stdout)[0].mGuaranteed, mp.mGuaranteed)).toBeGreaterThanOrEqual(15);
    const r4 = runCli([
      'plan',
      '--N',
      '3',
      '--d',
      '3',
      '--target-margin',
      '0.25',
      '--target-b-rel',
      '0.75',
      '--format',
      'json',
    ]);
    expect(JSON.parse(r4.stdout).capacity.fits).toBe('yes');
  });
});
