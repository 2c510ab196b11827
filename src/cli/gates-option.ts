import { buildGates, type GateInput, parseRequirement, type Requirement } from '../documents/gates.js';
import { writeFileAtomic } from '../io/atomic.js';
import { emit } from '../report/output.js';
import { gatesJunit } from '../report/gates.js';
import { UsageError } from '../errors.js';

/** Parses every `--require` (bad syntax: usage error before any file is read). */
export function parseRequirements(
  texts: readonly string[] | undefined,
  format: string,
  junit: string | undefined,
): Requirement[] {
  const reqs = (texts ?? []).map(parseRequirement);
  if (reqs.length === 0 && (format === 'junit' || junit !== undefined)) {
    throw new UsageError('analyze: --format junit and --junit need at least one --require');
  }
  return reqs;
}

/**
 * Checks the requirements: one line on stderr per failed requirement and exit code 1 when any
 * fails; `--junit FILE` is written atomically, `--format junit` prints the JUnit XML instead of
 * the report. Returns whether the report was printed here.
 */
export function reportGates(
  requirements: readonly Requirement[],
  input: GateInput,
  source: string,
  format: string,
  junit: string | undefined,
): boolean {
  if (requirements.length === 0) return false;
  const results = buildGates(requirements, input);
  const xml = gatesJunit(results, source);
  if (junit !== undefined) writeFileAtomic(junit, `${xml}\n`);
  for (const r of results) if (!r.passed) process.stderr.write(`requirement failed: ${r.message}\n`);
  if (results.some((r) => !r.passed)) process.exitCode = 1;
  if (format === 'junit') {
    emit(xml);
    return true;
  }
  return false;
}
