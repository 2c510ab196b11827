import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { parseAnalysisDoc } from '../documents/analysis.js';
import {
  analysisCapacityPair,
  buildCapacityTable,
  type CapacityPair,
  DEFAULT_CAPACITY_PAIRS,
} from '../documents/capacity.js';
import { parseExperimentDoc } from '../documents/experiment.js';
import { parseRunDocument } from '../documents/run.js';
import { buildPhaseDiagram } from '../documents/phase.js';
import { buildVerifyDocument, parseVerifyDoc } from '../documents/verify.js';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import { readJsonFile } from '../io/limits.js';
import { toJson } from '../report/output.js';
import { collect, parseNumber } from './args.js';

const WHERE = 'report';

interface ReportFlags {
  out: string;
  from?: string;
  run?: string;
  analysis?: string;
  seed?: string;
  capacity?: CapacityPair[];
  experiment?: string[];
}

/** Reads and parses a JSON input file; unreadable or malformed files are a UsageError. */
export function readJsonInput(flag: string, path: string): unknown {
  try {
    statSync(path);
  } catch (e) {
    throw new UsageError(
      `${WHERE}: cannot read ${flag} ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    );
  }
  return readJsonFile(
    path,
    `${WHERE}: ${flag} ${path}`,
    (why) => `${WHERE}: ${flag} ${path} is not valid JSON: ${why}`,
  );
}

/** Parses `--capacity m,b_rel` (repeatable) into a pair with m in (0, 1], b_rel in [-1, 1]. */
export function parseCapacityPair(value: string, previous: CapacityPair[] = []): CapacityPair[] {
  const parts = value.split(',');
  if (parts.length !== 2) throw new UsageError(`--capacity takes m,b_rel (e.g. 0.07,0.05), got '${value}'`);
  const m = parseNumber('--capacity m', parts[0]!);
  const bRel = parseNumber('--capacity b_rel', parts[1]!);
  if (!(m > 0 && m <= 1)) throw new UsageError(`--capacity: m must be in (0, 1], got ${m}`);
  if (!(bRel >= -1 && bRel <= 1)) throw new UsageError(`--capacity: b_rel must be in [-1, 1], got ${bRel}`);
  return [...previous, { label: `m ${m}, b_rel ${bRel}`, m, bRel }];
}

/**
 * `sigcheck report --out report.html`: one self-contained offline HTML page. Verdicts
 * come from `--from verify.json`, else from an in-process `verify` at `--seed` (default 42);
 * `--experiment FILE` (repeatable) adds experiment outputs. Every input file is checked first.
 * Prints the generation time on stderr.
 */
export function register(program: Command): void {
  program
    .command('report')
    .description(
      'write one self-contained, offline HTML report: verdicts, phase diagram, (b_rel, m) plane, capacity, trajectory, experiments',
    )
    .requiredOption('--out <file>', 'the HTML file to write (atomically)')
    .option(
      '--from <verify.json>',
      'verdicts from `sigcheck verify --format json` (default: run verify in-process)',
    )
    .option('--run <run.json>', 'a solver run from `sigcheck solve --out` (trajectory section)')
    .option(
      '--analysis <analysis.json>',
      'embeddings measured by `sigcheck analyze --format json` (points, capacity)',
    )
    .option('--seed <n>', 'seed of the in-process verify (default: $SIGCHECK_SEED or 42); not with --from')
    .option(
      '--capacity <m,b_rel>',
      'a capacity curve (repeatable; default: the SigLIP models and a solver outcome)',
      parseCapacityPair,
    )
    .option(
      '--experiment <file>',
      'an experiment output from `sigcheck experiment run <id> --format json --out FILE` (repeatable)',
      collect,
    )
    .action(async (flags: ReportFlags) => {
      const start = performance.now();
      if (flags.from !== undefined && flags.seed !== undefined) {
        throw new UsageError(
          `${WHERE}: --seed sets the in-process verify run; it cannot apply to --from ${flags.from}`,
        );
      }
      const html = await import('../report/html.js');
      // Read and check every input before any work, so a bad file fails fast.
      const fromDoc =
        flags.from !== undefined
          ? parseVerifyDoc(readJsonInput('--from', flags.from), `${WHERE}: --from ${flags.from}`)
          : null;
      const run =
        flags.run !== undefined
          ? parseRunDocument(readJsonInput('--run', flags.run), `${WHERE}: --run ${flags.run}`)
          : undefined;
      const analysis =
        flags.analysis !== undefined
          ? parseAnalysisDoc(
              readJsonInput('--analysis', flags.analysis),
              `${WHERE}: --analysis ${flags.analysis}`,
            )
          : undefined;
      const experiments = (flags.experiment ?? []).map((file) => ({
        doc: parseExperimentDoc(readJsonInput('--experiment', file), `${WHERE}: --experiment ${file}`),
        origin: file,
      }));
      const { CLAIMS } = await import('../claims/registry.js');
      let verify = fromDoc;
      let verifyMs = 0;
      if (verify === null) {
        const { resolveSeed } = await import('./seed.js');
        const { runClaims } = await import('../claims/runner.js');
        const seed = resolveSeed(flags.seed);
        const t = performance.now();
        const result = await runClaims(CLAIMS, { seed, timings: true });
        verifyMs = performance.now() - t;
        // through JSON, as `--from` would read it: the page is the same either way
        verify = parseVerifyDoc(
          JSON.parse(toJson(buildVerifyDocument(result, CLAIMS))),
          `${WHERE}: in-process verify`,
        );
      }
      const t = performance.now();
      const capacityPairs = [...(flags.capacity ?? DEFAULT_CAPACITY_PAIRS)];
      const analysed = analysis === undefined ? null : analysisCapacityPair(analysis);
      if (analysed !== null) capacityPairs.push(analysed);
      const capacity = buildCapacityTable(capacityPairs);
      const phase = buildPhaseDiagram();
      const dataMs = performance.now() - t;
      const { html: page, timings } = await html.renderReport({
        verify,
        verifyOrigin: flags.from ?? `in-process verify, seed ${verify.seed}`,
        titles: new Map(CLAIMS.map((c) => [c.id, c.title])),
        ...(run !== undefined ? { run, runOrigin: flags.run! } : {}),
        ...(analysis !== undefined ? { analysis, analysisOrigin: flags.analysis! } : {}),
        capacity,
        phase,
        ...(experiments.length > 0 ? { experiments } : {}),
        version: program.version() ?? '',
      });
      writeFileAtomic(flags.out, page);
      const s = (ms: number) => (ms / 1000).toFixed(2);
      process.stderr.write(
        `report: wrote ${flags.out} (${(Buffer.byteLength(page) / 1024).toFixed(0)} KiB) in ${s(performance.now() - start)} s ` +
          `(verify ${flags.from !== undefined ? 'from file' : `${s(verifyMs)} s`}, data ${s(dataMs)} s, plots ${s(timings.plots)} s)\n`,
      );
    });
}
