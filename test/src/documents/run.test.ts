import { describe, expect, it } from 'vitest';
import { buildRunDocument, parseRunDocument } from '../../../src/documents/run.js';
import { UsageError } from '../../../src/errors.js';
import { toJson } from '../../../src/report/output.js';
import { resolveOptions, solveSync } from '../../../src/solver/index.js';

const options = resolveOptions({ n: 6, d: 3, steps: 40, seed: 11, kernel: 'js', normalization: 'mean' });
const result = solveSync({ n: 6, d: 3, steps: 40, seed: 11, kernel: 'js', normalization: 'mean' });
const written = (): Record<string, unknown> =>
  JSON.parse(toJson(buildRunDocument(result, options))) as Record<string, unknown>;

describe('run document', () => {
  it('build -> serialise -> parse keeps every field the report reads', () => {
    const doc = buildRunDocument(result, options);
    const back = parseRunDocument(JSON.parse(toJson(doc)), 'run');
    expect(back).toEqual({
      seed: 11,
      N: 6,
      d: 3,
      steps: result.steps,
      t: result.t,
      b: result.b,
      bRel: result.bRel,
      loss: result.lossValue,
      margin: result.mStar,
      bStar: result.bStar,
      xi: result.xi,
      lossFunction: 'rb-sig',
      normalization: 'mean',
      trajectory: result.trajectory.map(({ step, loss, t, bRel, mStar }) => ({ step, loss, t, bRel, mStar })),
    });
    // U and V are the solver's rows, written in full
    expect(doc.U.flat()).toEqual(Array.from(result.u.data));
    expect(doc.V.flat()).toEqual(Array.from(result.v.data));
  });

  it('keeps the key order sigcheck solve has always written', () => {
    expect(Object.keys(written())).toEqual([
      'seed',
      'N',
      'd',
      'steps',
      'U',
      'V',
      't',
      'b',
      'bRel',
      'loss',
      'lossHp',
      'margin',
      'bStar',
      'xi',
      'trajectory',
      'lossFunction',
      'normalization',
      'modalities',
      'gradNorm',
      'stopReason',
      'polishIterations',
      'polishStop',
      'bestStart',
      'startLosses',
      'kernel',
    ]);
  });

  it.each([
    ['seed', /run\.seed must be a number/],
    ['N', /run\.N must be a number/],
    ['d', /run\.d must be a number/],
    ['steps', /run\.steps must be a number/],
    ['t', /run\.t must be a number/],
    ['b', /run\.b must be a number/],
    ['bRel', /run\.bRel must be a number/],
    ['loss', /run\.loss must be a number/],
    ['margin', /run\.margin must be a number/],
    ['bStar', /run\.bStar must be a number/],
    ['xi', /run\.xi must be a number/],
    ['U', /run: "U" must be a non-empty array of vectors/],
    ['V', /run: "V" must be a non-empty array of vectors/],
    ['trajectory', /run\.trajectory must be a non-empty array/],
  ])('a run without %s is refused, naming the field', (key, message) => {
    const doc = written();
    delete doc[key];
    expect(() => parseRunDocument(doc, 'run')).toThrow(UsageError);
    expect(() => parseRunDocument(doc, 'run')).toThrow(message);
  });

  it('refuses a malformed trajectory point, a U of the wrong shape, an unknown loss function', () => {
    const doc = written();
    const trajectory = doc.trajectory as Record<string, unknown>[];
    expect(() => parseRunDocument({ ...doc, trajectory: [{ ...trajectory[0], mStar: 'x' }] }, 'run')).toThrow(
      /run\.trajectory\[0\]\.mStar must be a number/,
    );
    expect(() => parseRunDocument({ ...doc, U: (doc.U as number[][]).slice(1) }, 'run')).toThrow(
      /U is 5 x 3 and V is 6 x 3, but N = 6, d = 3/,
    );
    expect(() => parseRunDocument({ ...doc, lossFunction: 'hinge' }, 'run')).toThrow(
      /run\.lossFunction must be one of sig, rb-sig, infonce/,
    );
    expect(() => parseRunDocument({ ...doc, seed: 'Infinity' }, 'run')).toThrow(
      /run\.seed must be a finite number/,
    );
  });

  it('reads a run written before the loss function and b* samples were recorded', () => {
    const doc = written();
    delete doc.lossFunction;
    delete doc.normalization;
    const back = parseRunDocument(doc, 'run');
    expect(back.lossFunction).toBeUndefined();
    expect(back.normalization).toBeUndefined();
  });
});
