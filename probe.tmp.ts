import { betaContinuedFraction } from './src/bounds/beta.js';
for (const [x, a, b] of [[0.75, 0.5, 1.5], [0.625, 0.5, 2.5], [0.875, 4, 6], [0.5, 1, 3]]) console.log(betaContinuedFraction(x, a, b));
