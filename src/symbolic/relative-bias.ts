/**
 * Symbolic checks of the relative-bias reparametrisation (BBNP25 Def. 1) and the locked-encoder
 * adapter identity (Obs. 1), with mathjs `simplify` and `derivative` (clean for these expressions;
 * STYLE toolchain facts). mathjs is imported lazily: it takes 1-5 s to load.
 *
 * Variables: t (inverse temperature), r (relative bias b_rel), g (one entry G_ij), d (the adapter's
 * delta), s = ln t.
 */

type MathJs = typeof import('mathjs');
let mathjs: Promise<MathJs> | null = null;

/** The mathjs module, imported once on first use. */
export function loadMathJs(): Promise<MathJs> {
  mathjs ??= import('mathjs');
  return mathjs;
}

/** The adapter's relative bias as stated in Obs. 1: (r + 1 - delta^2) / delta^2. */
export const ADAPTER_BIAS = '(r + 1 - d^2) / d^2';
/** The adapter's inverse temperature as stated in Obs. 1: t delta^2. */
export const ADAPTER_SCALE = 't * d^2';

/** One symbolic identity: the residual expression, its simplified form, and whether it is 0. */
export interface SymbolicIdentity {
  readonly name: string;
  /** The residual (left minus right) before simplification. */
  readonly residual: string;
  /** mathjs `simplify` of the residual. */
  readonly simplified: string;
  readonly zero: boolean;
  /** Largest |residual| at the sample points (numeric cross-check of the symbolic result). */
  readonly maxAtSamples: number;
}

/** Sample points (t, r, g, d, s) for the numeric cross-check: fixed, away from poles. */
export const SAMPLE_POINTS: readonly Readonly<Record<string, number>>[] = [
  { t: 10, r: 0.3, g: -0.2, d: 0.7, s: 0.5 },
  { t: 0.5, r: -0.9, g: 0.95, d: 0.2, s: -1.3 },
  { t: 37.8, r: 0.566, g: 0.1, d: 0.99, s: 2.1 },
];

async function identity(name: string, left: string, right: string): Promise<SymbolicIdentity> {
  const math = await loadMathJs();
  const residual = `(${left}) - (${right})`;
  const simplified = math.simplify(residual).toString();
  const code = math.compile(residual);
  let maxAtSamples = 0;
  for (const p of SAMPLE_POINTS) {
    const x = Math.abs(Number(code.evaluate({ ...p })));
    maxAtSamples = Math.max(maxAtSamples, Number.isNaN(x) ? Number.POSITIVE_INFINITY : x);
  }
  return { name, residual, simplified, zero: simplified === '0', maxAtSamples };
}

/**
 * The identities behind relative-bias-equivalence:
 * 1. Def. 1: the RB-Sig logit t g - t r equals the Sig logit t g - b at b = t r.
 * 2. Obs. 1: the adapter logit t (delta^2 g - (1 - delta^2)) - t r equals
 *    T g - T R with T = `scale` and R = `bias` (stated: t delta^2 and (r + 1 - delta^2)/delta^2).
 * 3. Chain rule in b_rel: d/dr softplus(t g - t r) = t * d/db softplus(t g - b) at b = t r.
 * 4. Chain rule in ln t: d/ds softplus(e^s g - e^s r) = t (d/dt + r d/db) softplus(t g - b).
 */
export async function relativeBiasIdentities(
  bias = ADAPTER_BIAS,
  scale = ADAPTER_SCALE,
): Promise<SymbolicIdentity[]> {
  const math = await loadMathJs();
  const sp = (z: string) => `log(1 + exp(${z}))`;
  const sig = (z: string) => `exp(${z}) / (1 + exp(${z}))`;
  const dr = math.derivative(sp('t*g - t*r'), 'r').toString();
  const ds = math.derivative(sp('exp(s)*g - exp(s)*r'), 's').toString();
  // d/dt and d/db of softplus(t g - b) at b = t r (by hand: g sigma(z) and -sigma(z))
  const atS = (e: string) => e.replaceAll('t', 'exp(s)');
  return Promise.all([
    identity('Def. 1: RB-Sig logit = Sig logit at b = t b_rel', 't*g - t*r', 't*g - (t*r)'),
    identity(
      'Obs. 1: adapter logit = logit at (t delta^2, (r + 1 - delta^2)/delta^2)',
      't*(d^2*g - (1 - d^2)) - t*r',
      `(${scale})*g - (${scale})*(${bias})`,
    ),
    identity('chain rule: dL/db_rel = t dL/db', dr, `t * (-(${sig('t*g - t*r')}))`),
    identity(
      'chain rule: dL/dln t = t (dL/dt + b_rel dL/db)',
      ds,
      atS(`t * (g*${sig('t*g - t*r')} + r*(-(${sig('t*g - t*r')})))`),
    ),
  ]);
}
