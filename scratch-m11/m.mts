import { Decimal } from 'decimal.js';
import { logCapAreaCosOracle } from '../theorems/cap-area.ts';
import { capOddClosedForm } from '../test/src/bounds/decimal-oracles.ts';
const D = Decimal.clone({ precision: 600 });
const lnCapOdd = (n: number, s: number) => capOddClosedForm(n, new D(s.toPrecision(100)), D).ln().toNumber();
// series branch copy: force by calling with mutated switch -> emulate via the oracle with a patched module is hard; compute series route directly
import { hpContext, exact } from '../src/numeric/hp/decimal.ts';
import { lnGammaHp } from '../src/bounds/hp/lgamma.ts';
function series(n: number, s: number) {
  const a = (n - 1) / 2; const Dd = hpContext(25); const aD = new Dd(a); const half = new Dd(0.5);
  const sd = exact(Dd, Math.abs(s)); const y = sd.times(sd); const x = new Dd(1).minus(y);
  const tol = new Dd(10).pow(-22); let term = new Dd(1); let sum = new Dd(1);
  for (let k = 0; ; k++) { term = term.times(x).times(aD.plus(half).plus(k)).div(aD.plus(1).plus(k)); sum = sum.plus(term); if (term.times(x).div(y).lte(sum.times(tol))) break; }
  const lnBeta = lnGammaHp(aD, Dd).plus(lnGammaHp(half, Dd)).minus(lnGammaHp(aD.plus(half), Dd));
  const acute = new Dd(2).ln().neg().plus(aD.times(x.ln())).plus(y.ln().times(half)).minus(aD.ln()).minus(lnBeta).plus(sum.ln()).toNumber();
  return s >= 0 ? acute : Math.log1p(-Math.exp(acute));
}
for (const n of [1001, 2001]) for (const s of [-0.15, -0.2, -0.22, -0.25, -0.17]) {
  const a = (n - 1) / 2;
  const w = lnCapOdd(n, s); const o = logCapAreaCosOracle(n, s); const m = series(n, s);
  const u = (x: number) => (Math.abs(x - w) / Math.abs(w) / 2 ** -52).toFixed(2);
  console.log(n, s, (a*s*s).toFixed(2), (a*s*s/Math.LN10+40<=55), (a*s*s*Math.LN10+40<=55), w, 'orig', u(o), 'series', u(m));
}
