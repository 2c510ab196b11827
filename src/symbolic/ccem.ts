import { ccemLoss, ccemLossDerivative, ccemThresholds } from '../../constructions/ccem.js';
import { Rng } from '../numeric/float/rng.js';
import { nerdamerEval, NERDAMER_CPU_BUDGET_MS } from './nerdamer.js';

/**
 * The symbolic side of docs/theory.md §1: f(x), f'(x) and the t = b threshold equations derived
 * by computer algebra, each step checked numerically against the hand-written float64 forms.
 * mathjs (derivative, simplify, substitution, LaTeX) is imported lazily (it takes about a second);
 * it does a bounded amount of work and has no clock in it, so its steps decide verdicts. The
 * threshold equations are closed by a root check (the equation is zero at the closed form and
 * changes sign across it). nerdamer-prime (a second derivative route, and `solve`) is an optional
 * extra: it runs in a worker, for `explain --derive` only, never inside a verdict.
 */

/** f(x), the per-anchor loss along CCEM, in the syntax both mathjs and nerdamer read. */
export const CCEM_LOSS_EXPR = 'log(1 + exp(b - t*x)) + (N-1)*log(1 + exp(t*((N-2)*x - N)/(2*(N-1)) - b))';

/** Splits a comma-separated list at parenthesis depth 0 (nerdamer's solution vectors). */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** nerdamer writes e^z for exp(z). */
const CCEM_LOSS_NERDAMER = 'log(1 + e^(b - t*x)) + (N-1)*log(1 + e^(t*((N-2)*x - N)/(2*(N-1)) - b))';

/** One step of a derivation: what was done, the result, its LaTeX, and its numeric check. */
export interface DerivationStep {
  readonly step: string;
  readonly result: string;
  readonly latex?: string;
  /** Largest relative difference against the independent form at random points (when checked). */
  readonly maxRelError?: number;
  /** How many random points were checked. */
  readonly points?: number;
}

/** The outcome of {@link deriveCcem}. */
export interface CcemDerivation {
  readonly status: 'ok' | 'symbolic_timeout' | 'error';
  readonly steps: readonly DerivationStep[];
  /** Largest relative error over every numeric cross-check (NaN if none ran). */
  readonly maxRelError: number;
  readonly timings: {
    readonly mathjsImportMs: number;
    readonly mathjsMs: number;
    readonly nerdamerMs: number;
  };
  readonly message?: string;
}

/** Options of {@link deriveCcem}. */
export interface DeriveCcemOptions {
  /** Seed of the random check points. @defaultValue 1 */
  readonly seed?: number;
  /** Random points per numeric check. @defaultValue 64 */
  readonly points?: number;
  /**
   * Also run the nerdamer-prime route (its `diff` and `solve`) in a worker. Its worker has a
   * wall-clock guard against a hung solve, so a result that uses it depends on machine speed:
   * claims leave it off. @defaultValue true
   */
  readonly nerdamer?: boolean;
  /** CPU-time budget of the nerdamer worker (ms; wall time where the thread's CPU time cannot be read). @defaultValue NERDAMER_CPU_BUDGET_MS */
  readonly budgetMs?: number;
}

/** Relative step around the closed-form root y* at which the threshold equation must change sign. */
export const ROOT_SIGN_STEP = 1e-6;

/** Largest N and |t|, |b| of the random check points (kept where float64 f' is well conditioned). */
export const CHECK_MAX_N = 60;
export const CHECK_MAX_TB = 8;

type Scope = { N: number; t: number; b: number; x: number; y?: number };

function relErr(a: number, b: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(b), 1e-300);
  return Math.abs(a - b) / scale;
}

/**
 * Derives f'(x) with mathjs (and with nerdamer when asked), the edge values f'(+-1), and the t = b
 * thresholds (substitution y = e^{L(t)}; the resulting rational equation is zero at the closed-form
 * y* = e^{L(T(N))} and changes sign across it; with nerdamer also `solve` and t = L^{-1}(ln y)),
 * checking every step numerically at random (N, t, b, x). Never throws: a nerdamer timeout gives
 * status `symbolic_timeout`. Without nerdamer the result depends only on the seed.
 */
export async function deriveCcem(options: DeriveCcemOptions = {}): Promise<CcemDerivation> {
  const seed = options.seed ?? 1;
  const npts = options.points ?? 64;
  const budgetMs = options.budgetMs ?? NERDAMER_CPU_BUDGET_MS;
  const useNerdamer = options.nerdamer ?? true;
  const steps: DerivationStep[] = [];
  let worst = Number.NaN;
  const note = (e: number) => {
    if (!(e <= worst)) worst = Number.isNaN(worst) ? e : Math.max(worst, e);
  };
  const t0 = performance.now();
  const math = await import('mathjs');
  const mathjsImportMs = Math.round(performance.now() - t0);
  const t1 = performance.now();
  const rng = new Rng(seed);
  const scopes: Scope[] = [];
  for (let k = 0; k < npts; k++) {
    scopes.push({
      N: 3 + Math.floor(rng.uniform() * (CHECK_MAX_N - 2)),
      t: 0.05 + rng.uniform() * CHECK_MAX_TB,
      b: (2 * rng.uniform() - 1) * CHECK_MAX_TB,
      x: 2 * rng.uniform() - 1,
    });
  }
  const compare = (
    step: string,
    node: import('mathjs').MathNode,
    reference: (s: Scope) => number,
    pts: readonly Scope[] = scopes,
  ): DerivationStep => {
    const code = node.compile();
    let e = 0;
    for (const s of pts) e = Math.max(e, relErr(Number(code.evaluate({ ...s })), reference(s)));
    note(e);
    return { step, result: node.toString(), latex: node.toTex(), maxRelError: e, points: pts.length };
  };
  const subst = (node: import('mathjs').MathNode, values: Record<string, string>) =>
    node.transform((n) => {
      const sym = n as import('mathjs').SymbolNode;
      if (sym.isSymbolNode && values[sym.name] !== undefined) return math.parse(values[sym.name]!);
      return n;
    });
  const f = math.parse(CCEM_LOSS_EXPR);
  steps.push(
    compare('f(x) as written (per-anchor loss along CCEM, c2 affine in c1)', f, (s) =>
      ccemLoss(s.N, s.t, s.b, s.x),
    ),
  );
  const fp = math.derivative(f, 'x');
  steps.push(
    compare("f'(x) = d/dx f (mathjs derivative)", fp, (s) => ccemLossDerivative(s.N, s.t, s.b, s.x)),
  );
  const fpEtf = math.simplify(subst(fp, { x: '1' }));
  steps.push(
    compare("f'(1), the ETF edge (x = 1): ETF iff f'(1) <= 0 (f convex)", fpEtf, (s) =>
      ccemLossDerivative(s.N, s.t, s.b, 1),
    ),
  );
  const fpAnti = math.simplify(subst(fp, { x: '-1' }));
  steps.push(
    compare("f'(-1), the antipodal edge (x = -1): antipodal iff f'(-1) >= 0", fpAnti, (s) =>
      ccemLossDerivative(s.N, s.t, s.b, -1),
    ),
  );
  // t = b: each exp(E) at the edge is e^{s L(t)} with an integer s; replace it by y^s
  const edges = [
    {
      name: 'etf',
      node: fpEtf,
      L: 't*N/(N-1)',
      inverse: '(N-1)/N*log(y)',
      closed: (n: number) => ccemThresholds(n).etf,
    },
    {
      name: 'antipodal',
      node: fpAnti,
      L: '2*t',
      inverse: 'log(y)/2',
      closed: (n: number) => ccemThresholds(n).antipodal,
    },
  ] as const;
  const rational: string[] = [];
  const diagonal = scopes.filter((s) => s.N >= 5).map((s) => ({ ...s, b: s.t }));
  for (const edge of edges) {
    const onDiag = math.simplify(subst(edge.node, { b: 't' }));
    const Lcode = math.parse(edge.L).compile();
    let substitutionError = 0;
    const inY = onDiag.transform((n) => {
      const fn = n as import('mathjs').FunctionNode;
      if (!(fn.isFunctionNode && fn.fn.toString() === 'exp')) return n;
      const arg = fn.args[0]!.compile();
      // the exponent over L(t) must be the same integer at every point
      const ratios = diagonal.map((s) => Number(arg.evaluate({ ...s })) / Number(Lcode.evaluate({ ...s })));
      const k = Math.round(ratios[0] ?? Number.NaN);
      for (const r of ratios) substitutionError = Math.max(substitutionError, Math.abs(r - k));
      return math.parse(`y^(${k})`);
    });
    note(substitutionError);
    // divide by t (> 0) and keep the numerator form nerdamer solves
    const eq = math.simplify(math.parse(`(${inY.toString()}) / t`));
    steps.push({
      step: `f'(${edge.name === 'etf' ? 1 : -1})/t on t = b with y = e^{${edge.L}} (exponent ratios integer to ${substitutionError.toExponential(1)})`,
      result: `${eq.toString()} = 0`,
      latex: `${eq.toTex()} = 0`,
      maxRelError: substitutionError,
      points: diagonal.length,
    });
    rational.push(eq.toString().replace(/\s+/g, ''));
    // root check: eq(y*) = 0 at the closed-form threshold, and eq changes sign across y*
    const eqCode = eq.compile();
    const ns = [...new Set(diagonal.map((s) => s.N))];
    let residual = 0;
    let signChanges = 0;
    for (const n of ns) {
      const yStar = Math.exp(Number(Lcode.evaluate({ N: n, t: edge.closed(n) })));
      const at = (y: number) => Number(eqCode.evaluate({ N: n, y }));
      // |eq| is O(1) near the root (a sum of terms of size <= (N-2)/2 over 1 + y): scale by N
      residual = Math.max(residual, Math.abs(at(yStar)) / n);
      const below = at(yStar * (1 - ROOT_SIGN_STEP));
      const above = at(yStar * (1 + ROOT_SIGN_STEP));
      if (below * above < 0) signChanges++;
    }
    const rootError = signChanges === ns.length ? residual : Number.POSITIVE_INFINITY;
    note(rootError);
    steps.push({
      step: `root check (${edge.name} edge): the equation vanishes at y* = e^{${edge.L}} with t = T_${edge.name.toUpperCase()}(N) in closed form and changes sign across it (${signChanges}/${ns.length} N)`,
      result: `|eq(y*)| / N <= ${residual.toExponential(2)}`,
      maxRelError: rootError,
      points: ns.length,
    });
  }
  const mathjsMs = Math.round(performance.now() - t1);
  if (!useNerdamer) {
    return { status: 'ok', steps, maxRelError: worst, timings: { mathjsImportMs, mathjsMs, nerdamerMs: 0 } };
  }
  const ner = await nerdamerEval(
    [`diff(${CCEM_LOSS_NERDAMER}, x)`, ...rational.flatMap((r) => [`solve(${r}, y)`, `solve(${r}=0, y)`])],
    budgetMs,
  );
  const timings = { mathjsImportMs, mathjsMs, nerdamerMs: ner.ms };
  if (ner.status !== 'ok') {
    return {
      status: ner.status === 'timeout' ? 'symbolic_timeout' : 'error',
      steps,
      maxRelError: worst,
      timings,
      message:
        ner.status === 'timeout' ? `nerdamer used its budget of ${budgetMs} ms of CPU time` : ner.message,
    };
  }
  const [nDiff, ...solutions] = ner.values;
  steps.push(
    compare("f'(x) by nerdamer diff (second route)", math.parse(nDiff!.replace(/\be\^/g, 'exp(1)^')), (s) =>
      ccemLossDerivative(s.N, s.t, s.b, s.x),
    ),
  );
  for (const [k, edge] of edges.entries()) {
    // two spellings of the same equation: nerdamer sometimes solves only one, or returns a
    // Cardano form for one of them; pool the roots and keep the shortest admissible one
    const returned = [solutions[2 * k] ?? '', solutions[2 * k + 1] ?? ''];
    const candidates = returned
      .flatMap((r) => splitTopLevel(r.replace(/^\[|\]$/g, '')))
      .filter((s) => s !== '');
    // y = e^{L(t)} > 0: keep the candidates that are positive and zero the equation at every N
    // (nerdamer also returns the pole y = -1 of the unsimplified rational form)
    const eqCode = math.parse(rational[k]!).compile();
    const ns = [...new Set(diagonal.map((s) => s.N))];
    const sol = candidates.filter((c) => {
      const code = math.parse(c).compile();
      return ns.every((n) => {
        const yv = Number(code.evaluate({ N: n }));
        return yv > 0 && Math.abs(Number(eqCode.evaluate({ N: n, y: yv }))) <= 1e-12;
      });
    });
    sol.sort((a, c) => a.length - c.length);
    if (sol.length === 0) {
      return {
        status: 'error',
        steps,
        maxRelError: worst,
        timings,
        message: `nerdamer solve for the ${edge.name} edge returned ${returned.join(' and ')}: no admissible root`,
      };
    }
    const y = math.parse(sol[0]!);
    steps.push({
      step: `nerdamer solve for y (${edge.name} edge; admissible roots y > 0: ${sol.length}, shortest kept)`,
      result: `y = ${y.toString()}`,
      latex: `y = ${y.toTex()}`,
    });
    const tNode = math.simplify(subst(math.parse(edge.inverse), { y: `(${y.toString()})` }));
    steps.push(
      compare(
        `threshold T_${edge.name.toUpperCase()}(N) = L^{-1}(ln y), against the closed form`,
        tNode,
        (s) => edge.closed(s.N),
        ns.map((n) => ({ N: n, t: 0, b: 0, x: 0 })),
      ),
    );
  }
  return { status: 'ok', steps, maxRelError: worst, timings };
}
