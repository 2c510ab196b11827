import { bbnp25Claims } from '../../theorems/groups/bbnp25.js';
import { boundsClaims } from '../../theorems/groups/bounds.js';
import { foundationClaims } from '../../theorems/groups/foundation.js';
import { lcs24Claims } from '../../theorems/groups/lcs24.js';
import { UsageError } from '../errors.js';
import type { Claim } from './types.js';

/**
 * Every claim sigcheck checks, in report order. The only place in src that imports theorems.
 */
export const CLAIMS: readonly Claim[] = [
  ...foundationClaims,
  ...lcs24Claims,
  ...bbnp25Claims,
  ...boundsClaims,
];

/** The claims with the given ids (all of them when `ids` is empty), in registry order. */
export function selectClaims(ids: readonly string[], all: readonly Claim[] = CLAIMS): Claim[] {
  if (ids.length === 0) return [...all];
  const known = new Map(all.map((c) => [c.id, c]));
  for (const id of ids) {
    if (!known.has(id)) {
      throw new UsageError(`verify: unknown claim '${id}' (see 'sigcheck list')`);
    }
  }
  const wanted = new Set(ids);
  return all.filter((c) => wanted.has(c.id));
}
