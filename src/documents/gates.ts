/**
 * The `gates` document: requirements on an analysed configuration (`margin>=0.05`, `gap`, ...)
 * and their outcomes, each decided exactly on the decimal threshold as written.
 */
import { evaluateGates, type GateInput, type GateResult, type Requirement } from '../siglip/gates.js';

export { type GateInput, type GateResult, parseRequirement, type Requirement } from '../siglip/gates.js';

/** Builds the outcomes of the requirements on the measures of one analysis, in the given order. */
export function buildGates(requirements: readonly Requirement[], input: GateInput): GateResult[] {
  return evaluateGates(requirements, input);
}
