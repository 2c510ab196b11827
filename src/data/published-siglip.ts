/**
 * The published SigLIP models measured in BBNP25: mean-based margin m and relative bias b_rel on
 * the ImageNet validation set, and the embedding dimension d.
 * @remarks BBNP25 real-model table (docs/theory.md §4). Knowledge, not computation: the report
 * and the plots read it from here.
 */

/** One published model: its name, its short name, d and the mean-based (m, b_rel). */
export interface PublishedSiglipModel {
  /** The checkpoint's name, e.g. `so400m-patch14-384`. */
  readonly model: string;
  /** The model's size, e.g. `so400m`. */
  readonly size: string;
  readonly d: number;
  readonly m: number;
  readonly bRel: number;
}

/** The three SigLIP models of BBNP25, largest first. */
export const PUBLISHED_SIGLIP_MODELS: readonly PublishedSiglipModel[] = [
  { model: 'so400m-patch14-384', size: 'so400m', d: 1152, m: 0.0695, bRel: 0.068 },
  { model: 'large-patch16-256', size: 'large', d: 1024, m: 0.0691, bRel: 0.0332 },
  { model: 'base-patch16-224', size: 'base', d: 768, m: 0.0627, bRel: 0.0322 },
];
