import { Decimal } from 'decimal.js';
import { forwardRow } from './src/bounds/table.js';
import { forwardRowHp, agreementDigits } from './src/bounds/hp/table.js';
import { logLevenshteinHp, logLevenshteinHpAt, cancellationDigits } from './src/bounds/hp/levenshtein.js';
import { logCapAreaCosHp } from './src/bounds/hp/cap-area.js';
for (const [d, m, b] of [[2, 0.05, 0.9], [2, 0.01, 0.5], [3, 0.01, 0.9],[5, 0.25, -0.25],[4,0.25,0.75],[3, 0.001, 0.99]] as const) {
  const t0 = Date.now();
  const f = forwardRow(d, m, b); const h = forwardRowHp(d, m, b, 20);
  console.log(d, m, b, f.upperKind, f.log10NUpper, h.log10NUpper?.toString(), h.log10NLower?.toString(), h.log10NLowerPaper?.toString(), Date.now() - t0);
}
let t0 = Date.now();
console.log(logLevenshteinHp(3, 0.5, 20)?.exp().toString(), logLevenshteinHp(4, 0.5, 20)?.exp().toString(), logLevenshteinHp(5, -0.5, 20)?.exp().toString(), logLevenshteinHp(5, -0.1, 20)?.exp().toString(), logLevenshteinHp(8, 0.5, 20)?.exp().toString(), Date.now()-t0);
t0 = Date.now();
console.log(logLevenshteinHpAt(3, new Decimal(0.5), 5, 20)?.exp().toString(), logLevenshteinHpAt(4, new Decimal(0.5), 5, 20)?.exp().toString(), logLevenshteinHpAt(3, new Decimal(0.5), 1, 20), logLevenshteinHpAt(3, new Decimal(0.5), 9, 20), Date.now()-t0);
console.log(logLevenshteinHp(3, 1 - 1e-20, 20, new Decimal('1e-20')), cancellationDigits(10, 1, 1, 0.25));
t0 = Date.now();
console.log(logCapAreaCosHp(3, 0.01, 30).toString(), logCapAreaCosHp(5, 0.01, 30).toString(), logCapAreaCosHp(3, -0.5, 30).toString(), Date.now()-t0);
