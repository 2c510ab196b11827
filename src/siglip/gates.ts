/**
 * Requirements on an analysed configuration, for a training pipeline's CI: `margin>=0.05`,
 * `retrieval>=0.99`, `constellation`, `gap`, ... Each is checked exactly: the measured double is
 * compared with the decimal threshold as written (no float rounding of the threshold).
 */
import { UsageError } from '../errors.js';
import { exactDecimalString, hpContext } from '../numeric/hp/decimal.js';

/** The measures a requirement can name, with what each reads. */
export const GATE_METRICS = {
  margin: 'm* = (min pos - max neg)/2',
  'margin-mean': 'm_mean = (mean pos - mean neg)/2',
  'margin-trimmed': 'trimmed margin',
  'b-rel': 'b* = (min pos + max neg)/2',
  retrieval: 'top-1 retrieval, the smaller of U->V and V->U',
  'retrieval-uv': 'top-1 retrieval U->V',
  'retrieval-vu': 'top-1 retrieval V->U',
  xi: 'xi',
  loss: 'per-anchor sigmoid loss at (t, b)',
} as const;

/** A measure a requirement compares. */
export type GateMetric = keyof typeof GATE_METRICS;

/** The yes/no requirements. */
export const GATE_FLAGS = {
  constellation: 'an (m, b_rel)-constellation with m > 0 (m* > 0)',
  gap: 'a modality-gap separator h exists (all U on the + side)',
} as const;

/** A yes/no requirement. */
export type GateFlag = keyof typeof GATE_FLAGS;

/** A comparison operator. */
export type GateOperator = '>=' | '>' | '<=' | '<' | '==';

/** One parsed requirement. */
export type Requirement =
  | {
      readonly text: string;
      readonly kind: 'compare';
      readonly metric: GateMetric;
      readonly op: GateOperator;
      readonly threshold: string;
    }
  | { readonly text: string; readonly kind: 'flag'; readonly flag: GateFlag };

const PATTERN = /^\s*([a-z][a-z-]*)\s*(>=|<=|==|>|<)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$/;

/**
 * Parses `metric>=x` (operators >=, >, <=, <, ==) or a flag name; anything else is a usage error.
 * @example parseRequirement('margin>=0.05').op === '>=' && parseRequirement('margin>=0.05').threshold === '0.05'
 */
export function parseRequirement(text: string): Requirement {
  const flag = text.trim();
  if (flag in GATE_FLAGS) return { text: flag, kind: 'flag', flag: flag as GateFlag };
  const m = PATTERN.exec(text);
  const known = `measures: ${Object.keys(GATE_METRICS).join(', ')}; flags: ${Object.keys(GATE_FLAGS).join(', ')}`;
  if (m === null) {
    throw new UsageError(
      `--require '${text}': expected <measure><op><number> (op one of >=, >, <=, <, ==) or a flag (${known})`,
    );
  }
  const [, metric, op, threshold] = m as unknown as [string, string, GateOperator, string];
  if (!(metric in GATE_METRICS))
    throw new UsageError(`--require '${text}': unknown measure '${metric}' (${known})`);
  return { text: `${metric}${op}${threshold}`, kind: 'compare', metric: metric as GateMetric, op, threshold };
}

/** The measures of an analysis that requirements read (the `analyze --format json` fields). */
export interface GateInput {
  /** Number of U rows (the denominator of retrieval U->V). */
  readonly N: number;
  /** Number of V rows when labels map many U to one V (the denominator of V->U); else N. */
  readonly classes?: number;
  readonly mStar: number;
  readonly bStar: number;
  readonly mMean: number;
  /** mTrimmed, gap, xi and loss are absent where `analyze --skip` left them out. */
  readonly mTrimmed?: number;
  readonly constellation: boolean;
  readonly retrieval: { readonly uToV: number; readonly vToU: number };
  readonly gap?: { readonly separable: boolean };
  readonly xi?: number;
  /** perAnchor null where the loss underflows float64; then log10SumBounds encloses log10 of the sum */
  /** sumError bounds |sum - the exact entries' loss| (N perAnchor is the sum): gates decide on that */
  readonly loss?: {
    readonly perAnchor: number | null;
    readonly sumError?: number;
    readonly log10SumBounds?: readonly [number, number];
  };
}

/** The outcome of one requirement. */
export interface GateResult {
  readonly requirement: string;
  readonly passed: boolean;
  /** null where the value underflows float64 (the message gives its enclosure) */
  readonly actual: number | boolean | null;
  /** One line: what was required and what was measured. */
  readonly message: string;
}

/** A measure as a double, and as a fraction count / n when it is one (retrieval). */
interface Measured {
  readonly value: number;
  /** log10 bounds on a value too small for a double (an underflowed loss per anchor) */
  readonly log10Bounds?: readonly [number, number];
  readonly fraction?: { readonly count: number; readonly n: number };
  /** value is within this of the measure (a loss from rounded entries) */
  readonly error?: number;
}

/**
 * Retrieval is count / n, correctly rounded; round(value n) recovers count exactly because the
 * product's error is below n ulp(value) < 1/2 for n < 2^50.
 */
function asFraction(value: number, n: number): Measured {
  return { value, fraction: { count: Math.round(value * n), n } };
}

function measure(input: GateInput, metric: GateMetric): Measured {
  const k = input.classes ?? input.N;
  switch (metric) {
    case 'retrieval':
      return input.retrieval.uToV <= input.retrieval.vToU
        ? asFraction(input.retrieval.uToV, input.N)
        : asFraction(input.retrieval.vToU, k);
    case 'retrieval-uv':
      return asFraction(input.retrieval.uToV, input.N);
    case 'retrieval-vu':
      return asFraction(input.retrieval.vToU, k);
    case 'loss': {
      const loss = measured(input.loss, metric);
      if (loss.perAnchor === null && loss.log10SumBounds !== undefined) {
        const [lo, hi] = loss.log10SumBounds;
        return { value: Number.NaN, log10Bounds: [lo - Math.log10(input.N), hi - Math.log10(input.N)] };
      }
      return {
        value: loss.perAnchor ?? Number.NaN,
        ...(loss.sumError ? { error: loss.sumError / input.N } : {}),
      };
    }
    default:
      return { value: metricValue(input, metric) };
  }
}

function metricValue(
  input: GateInput,
  metric: Exclude<GateMetric, 'retrieval' | 'retrieval-uv' | 'retrieval-vu' | 'loss'>,
): number {
  switch (metric) {
    case 'margin':
      return input.mStar;
    case 'margin-mean':
      return input.mMean;
    case 'margin-trimmed':
      return measured(input.mTrimmed, metric);
    case 'b-rel':
      return input.bStar;
    case 'xi':
      return measured(input.xi, metric);
  }
}

/** A measure the analysis carries, or a usage error naming the requirement it cannot decide. */
function measured<T>(x: T | undefined, what: GateMetric | GateFlag): T {
  if (x === undefined)
    throw new UsageError(`--require ${what}: the analysis has no ${what} (left out by --skip)`);
  return x;
}

/** Working digits: the exact expansion of a double has at most 767 significant digits. */
const COMPARE_DIGITS = 800;

/**
 * Evaluates each requirement on the analysis, in order.
 * @remarks The comparison is exact: the double's full decimal expansion against the threshold's
 * decimal string, so `margin>=0.05` passes for m* = 0.05 as a double (0.05000000000000000277...);
 * retrieval, a fraction count / n, is compared as the rational it is (99/100 >= 0.99 holds).
 */
export function evaluateGates(requirements: readonly Requirement[], input: GateInput): GateResult[] {
  const D = hpContext(COMPARE_DIGITS);
  return requirements.map((r) => {
    if (r.kind === 'flag') {
      const actual = r.flag === 'constellation' ? input.constellation : measured(input.gap, r.flag).separable;
      const what = GATE_FLAGS[r.flag];
      return {
        requirement: r.text,
        passed: actual,
        actual,
        message: actual ? `${r.text}: ${what}: yes` : `${r.text}: not ${what} (m* = ${input.mStar})`,
      };
    }
    const m = measure(input, r.metric);
    const actual = m.value;
    const holds = (c: number) =>
      r.op === '>=' ? c >= 0 : r.op === '>' ? c > 0 : r.op === '<=' ? c <= 0 : r.op === '<' ? c < 0 : c === 0;
    if (m.log10Bounds !== undefined) {
      // decided when both ends of the enclosure agree (widened by a few ulps for pow's rounding)
      const lo = new D(10).pow(m.log10Bounds[0]);
      const hi = new D(10).pow(m.log10Bounds[1]);
      const spread = new D(2).pow(-40);
      const a = holds(lo.times(new D(1).minus(spread)).comparedTo(new D(r.threshold)));
      const z = holds(hi.times(new D(1).plus(spread)).comparedTo(new D(r.threshold)));
      const range = `in [1e${m.log10Bounds[0]}, 1e${m.log10Bounds[1]}] (underflows float64)`;
      return {
        requirement: r.text,
        passed: a && z,
        actual: null,
        message: `${r.text}: ${GATE_METRICS[r.metric]} ${range}${a && z ? '' : a === z ? `, not ${r.op} ${r.threshold}` : `: undecided against ${r.threshold}`}`,
      };
    }
    if (!Number.isFinite(actual)) {
      return {
        requirement: r.text,
        passed: false,
        actual,
        message: `${r.text}: ${GATE_METRICS[r.metric]} is ${actual}`,
      };
    }
    if (m.error !== undefined) {
      // decided when the whole interval value -+ error agrees (error / N and value widened by 2^-50
      // for their roundings)
      const x = new D(exactDecimalString(actual));
      const e = new D(exactDecimalString(m.error)).times(1 + 2 ** -50).plus(x.abs().times(new D(2).pow(-50)));
      const a = holds(x.minus(e).comparedTo(new D(r.threshold)));
      const z = holds(x.plus(e).comparedTo(new D(r.threshold)));
      return {
        requirement: r.text,
        passed: a && z,
        actual,
        message: `${r.text}: ${GATE_METRICS[r.metric]} = ${actual} (within ${m.error})${a && z ? '' : a === z ? `, not ${r.op} ${r.threshold}` : `: undecided against ${r.threshold}`}`,
      };
    }
    // a fraction count / n is compared as count against threshold n (both exact decimals)
    const c = m.fraction
      ? new D(m.fraction.count).comparedTo(new D(r.threshold).times(m.fraction.n))
      : new D(exactDecimalString(actual)).comparedTo(new D(r.threshold));
    const passed = holds(c);
    return {
      requirement: r.text,
      passed,
      actual,
      message: `${r.text}: ${GATE_METRICS[r.metric]} = ${actual}${passed ? '' : `, not ${r.op} ${r.threshold}`}`,
    };
  });
}
