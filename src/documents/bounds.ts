/**
 * The `bounds` document: rows of BBNP25 constellation-size bounds for choosing the embedding
 * dimension, in one of three modes: forward (d, m -> bounds on N), dimension (N, m -> d) and
 * margin (N, d -> m). @remarks BBNP25 s3; docs/theory.md §2.
 */
import { HP_MAX_GUARD_DIGITS } from '../bounds/hp/levenshtein.js';
import { forwardRowHp, rowAgreement } from '../bounds/hp/table.js';
import { cmp, type ExactInput, rat, sign, type TypedDecimal, typedDecimal } from '../bounds/rational.js';
import { UsageError } from '../errors.js';
import { dimensionForN, forwardRow, marginFor } from '../bounds/table.js';

/** forward: bounds on N for (d, m); dimension: d for (N, m); margin: m for (N, d). */
export type BoundsMode = 'forward' | 'dimension' | 'margin';

/** A relative bias (a double, or a typed decimal kept exactly), or 'best': b_rel = 1 - m exactly. */
export type BRelChoice = ExactInput | 'best';

/** What `buildBounds` needs: the mode and its validated lists (the third list is ignored). */
export interface BoundsInput {
  readonly mode: BoundsMode;
  readonly ds: readonly number[];
  /** margins: doubles, or typed decimals whose exact values the yes/no decisions use */
  readonly ms: readonly ExactInput[];
  /** counts: doubles or typed decimals */
  readonly Ns: readonly ExactInput[];
  readonly bRels: readonly BRelChoice[];
  /** forward mode: add the decimal.js columns and their agreement */
  readonly hp: boolean;
}

/** One row of the document: the bounds row of its mode, with the decimal.js columns under hp. */
export type BoundsDocumentRow = Record<string, unknown>;

/** The rows of a bounds request and the column names in output order. */
export interface BoundsDocument {
  readonly head: string[];
  readonly rows: BoundsDocumentRow[];
}

const FORWARD_HEAD = [
  'd',
  'm',
  'bRel',
  'rho',
  'feasible',
  'log10NLower',
  'log10NLowerPaper',
  'log10NUpper',
  'exponentLowerShannon',
  'exponentUpperPaper',
  'exponentUpperKL',
  'lowerKind',
  'upperKind',
  'upperNote',
  'reason',
];
const HP_HEAD = ['log10NLowerHp', 'log10NLowerPaperHp', 'log10NUpperHp', 'agreeDigits', 'hpNote'];

/** The column names of a mode. */
export function boundsHead(mode: BoundsMode, hp: boolean): string[] {
  if (mode === 'dimension') return ['N', 'm', 'bRel', 'dSufficient', 'dNecessary', 'reason'];
  if (mode === 'margin') return ['N', 'd', 'bRel', 'mGuaranteed', 'mMax', 'reason'];
  return hp ? [...FORWARD_HEAD, ...HP_HEAD] : [...FORWARD_HEAD];
}

/** A forward row with the decimal.js bounds (20 significant digits) and the digits they agree to. */
function forwardRowWithHp(d: number, m: ExactInput, bRel: BRelChoice): BoundsDocumentRow {
  const row = forwardRow(d, m, bRel);
  const hp = forwardRowHp(d, m, bRel);
  const a = rowAgreement(row, hp);
  return {
    ...row,
    log10NLowerHp: hp.log10NLower?.toSignificantDigits(20).toString() ?? null,
    log10NLowerPaperHp: hp.log10NLowerPaper?.toSignificantDigits(20).toString() ?? null,
    log10NUpperHp: hp.log10NUpper?.toSignificantDigits(20).toString() ?? null,
    agreeDigits: a === null ? null : Number(a.toFixed(2)),
    hpNote:
      hp.log10NUpper === null && row.log10NUpper !== null
        ? `no decimal upper bound: the decimal Levenshtein route could not confirm the float column at this degree (more than ${HP_MAX_GUARD_DIGITS} guard digits, or the interval index undecided); agreeDigits covers the lower bounds only`
        : null,
  };
}

/**
 * Builds the bounds rows: b_rel outermost, then m (or d in margin mode), then d (or N) innermost.
 * `onRow` is called with the number of rows done after each row (for progress display).
 */
export function buildBounds(input: BoundsInput, onRow?: (done: number) => void): BoundsDocument {
  const { mode, ds, ms, Ns, bRels, hp } = input;
  const rows: BoundsDocumentRow[] = [];
  const push = (row: object): void => {
    rows.push({ ...row });
    onRow?.(rows.length);
  };
  for (const b of bRels) {
    if (mode === 'forward') {
      for (const m of ms) for (const d of ds) push(hp ? forwardRowWithHp(d, m, b) : forwardRow(d, m, b));
    } else if (mode === 'dimension') {
      for (const m of ms) for (const N of Ns) push(dimensionForN(N, m, b));
    } else {
      for (const d of ds) for (const N of Ns) push(marginFor(N, d, b));
    }
  }
  return { head: boundsHead(mode, hp), rows };
}

/**
 * The values of a list flag as typed decimals: the yes/no decisions use the exact decimal the user
 * typed (a range point: the decimal its double prints as), so 16- and 17-digit inputs at a boundary
 * are decided on the decimals. Each must lie in [lo, hi] exactly (hi absent: no upper end); a
 * non-zero decimal below the double range is refused rather than read as 0.
 */
export function typedList(
  flag: string,
  values: readonly { readonly text: string }[],
  lo: number,
  hi?: number,
): TypedDecimal[] {
  return values.map((v) => {
    const t = typedDecimal(v.text);
    if (cmp(t.exact, rat(BigInt(lo))) < 0 || (hi !== undefined && cmp(t.exact, rat(BigInt(hi))) > 0)) {
      throw new UsageError(
        hi === undefined
          ? `bounds: ${flag} must be >= ${lo}, got ${v.text}`
          : `bounds: ${flag} must be in [${lo}, ${hi}], got ${v.text}`,
      );
    }
    if (t.x === 0 && sign(t.exact) !== 0)
      throw new UsageError(`bounds: ${flag} ${v.text} is below the smallest positive double (5e-324)`);
    return t;
  });
}
