import { Decimal } from 'decimal.js';
import { logBetaInc } from '../src/bounds/beta.ts';
import { logCapAreaWrongParameter } from '../theorems/cap-area.ts';
const D = Decimal.clone({ precision: 50 });
function want(n: number, th: number) { // ln Omega_{n+1}(th), n+1 in {3,5}
  const h = new D(th).div(2).sin(); const s2 = h.times(h);
  if (n === 2) return s2.ln().toNumber();
  return s2.times(s2).times(new D(th).cos().plus(2)).ln().toNumber();
}
function variant(n: number, theta: number, tf: (th: number) => number) {
  const t = tf(theta);
  const acute = -Math.LN2 + logBetaInc(Math.sin(t) ** 2, n / 2, 0.5, Math.cos(t) ** 2);
  return theta <= Math.PI / 2 ? acute : Math.log1p(-Math.exp(acute));
}
for (const n of [2, 4]) for (const th of [1e-8, 1e-5, 1e-3, 0.2, 1]) {
  const w = want(n, th);
  const o = logCapAreaWrongParameter(n, th);
  const f = variant(n, th, (x) => Math.PI - x);
  console.log(n, th, w, 'orig ulps', Math.abs(o - w) / Math.abs(w) / 2**-52, 'false-mutant ulps', Math.abs(f - w) / Math.abs(w) / 2**-52);
}
