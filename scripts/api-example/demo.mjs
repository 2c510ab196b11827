import {
  sigmoidLoss,
  fromRows,
  softplus,
  ccemOptimum,
  feasibility,
  marginFor,
  analyzeEmbeddings,
  siglipAnswers,
  initLogitBiasForBatch,
  logitsMemory,
  evaluateGates,
  parseRequirement,
  CLAIMS,
  runClaims,
  selectClaims,
  readCheckpointLogits,
} from 'sigcheck';

const U = fromRows([
  [1, 0],
  [0, 1],
]);
const loss = sigmoidLoss(U, U, { t: 1, b: 0, normalization: 'sum' }).loss;
console.log('sigmoidLoss', loss, 'closed form', 2 * softplus(-1) + 2 * softplus(0));
console.log('ccemOptimum(8, 1.125, 1.125)', ccemOptimum(8, 1.125, 1.125).regime);
console.log(
  'feasibility(0.1, 0)',
  feasibility(0.1, 0).feasible,
  'marginFor(1e6, 768, 0)',
  marginFor(1e6, 768, 0).mGuaranteed,
);
const a = analyzeEmbeddings(
  [
    [1, 0],
    [0, 1],
  ],
  [
    [1, 0],
    [0, 1],
  ],
);
console.log(
  'analyzeEmbeddings mStar',
  a.mStar,
  'gates',
  evaluateGates([parseRequirement('margin>=0.05'), parseRequirement('gap')], a)
    .map((g) => `${g.requirement}:${g.passed}`)
    .join(' '),
);
const s = siglipAnswers({ t: 117.8, b: 12.9, batch: 32768, d: 1152 });
console.log(
  'SigLIP 2 matchThreshold',
  s.matchThreshold,
  'initLogitBias(B=32768)',
  s.initLogitBias,
  '=',
  initLogitBiasForBatch(32768),
);
console.log(
  'logits bf16 B=32768 D=8 c=512 per device/chunk bytes',
  logitsMemory(32768, 8, 512, 'bf16').perDevice.bytes,
  logitsMemory(32768, 8, 512, 'bf16').perChunk.bytes,
);
const run = await runClaims(selectClaims(['ccem-key-inequality']), { seed: 42, timings: false });
console.log('claims', CLAIMS.length, 'ccem-key-inequality:', run.claims[0].status);
try {
  readCheckpointLogits('/nonexistent.safetensors');
} catch (e) {
  console.log('UsageError:', e.name, e.message);
}
