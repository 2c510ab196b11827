/**
 * The shared plot machinery of the HTML report: a plot value (SVG plus the data behind it), and
 * vega-lite -> vega -> SVG rendering in Node without a browser (`renderer: 'none'`, `toSVG()`).
 *
 * vega and vega-lite take a few hundred milliseconds to import, so they are imported lazily, on
 * the first render, and only by the report.
 */
import type { TopLevelSpec } from 'vega-lite';

/** One table behind a plot, offered for download as CSV. */
export interface PlotTable {
  /** File name offered to the browser, e.g. `phase-diagram.csv`. */
  readonly file: string;
  /** What the rows are, shown as the link text. */
  readonly label: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

/** A rendered plot: the section it belongs to, its SVG and its data. */
export interface Plot {
  /** Stable id, used as the HTML id of the figure (`plot-<id>`). */
  readonly id: string;
  readonly title: string;
  /** One paragraph of plain text under the plot (what is drawn, conventions, sources). */
  readonly caption: string;
  /** Inline SVG (no XML namespace URLs: the HTML parser puts `<svg>` in the SVG namespace). */
  readonly svg: string;
  readonly tables: readonly PlotTable[];
}

/** Font stack of every plot: local fonts only, nothing fetched. */
export const PLOT_FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

/** The vega-lite config shared by every plot (fonts, sizes, a white background). */
export const PLOT_CONFIG = {
  font: PLOT_FONT,
  background: 'white',
  view: { stroke: '#888' },
  axis: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: 'normal', gridColor: '#e6e6e6' },
  legend: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal' },
  title: { fontSize: 14, fontWeight: 'normal', anchor: 'start' },
} as const;

const warnings: string[] = [];

/**
 * The warnings vega-lite and vega logged since the last call (then cleared). They are collected
 * instead of printed, so a report run stays quiet; the tests require none.
 */
export function takeRenderWarnings(): string[] {
  return warnings.splice(0, warnings.length);
}

type Logger = import('vega').LoggerInterface;

function collectingLogger(): Logger {
  let level = 2;
  const logger: Logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: unknown[]) {
      warnings.push(`error: ${args.map(String).join(' ')}`);
      return logger;
    },
    warn(...args: unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

type VegaModules = [typeof import('vega'), typeof import('vega-lite')];
let modules: Promise<VegaModules> | null = null;

function loadVega(): Promise<VegaModules> {
  modules ??= Promise.all([import('vega'), import('vega-lite')]);
  return modules;
}

/**
 * Renders a vega-lite spec to an SVG string for inlining in HTML: compiled by vega-lite, run by a
 * headless vega View, serialised by `toSVG()`; the `xmlns` declarations are dropped (they are the
 * only URLs vega writes, and inline SVG in HTML does not need them) and `role="img"` plus an
 * `aria-label` are added.
 * @param spec - a vega-lite spec; {@link PLOT_CONFIG} is merged under its own `config`
 * @param label - accessible name of the image
 */
export async function renderSvg(spec: TopLevelSpec, label: string): Promise<string> {
  const [vega, vl] = await loadVega();
  const full = { ...spec, config: { ...PLOT_CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec;
  const logger = collectingLogger();
  const compiled = vl.compile(full, { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger });
  try {
    const svg = await view.toSVG();
    return svg
      .replace(/\s+xmlns(?::\w+)?="[^"]*"/g, '')
      .replace(/ (d|transform)="([^"]*)"/g, (_m, k: string, v: string) => ` ${k}="${roundNumbers(v)}"`)
      .replace(
        /(fill|stroke)="rgb\((\d+), (\d+), (\d+)\)"/g,
        (_m, k: string, r: string, g: string, b: string) => {
          const hex = [r, g, b].map((c) => Number(c).toString(16).padStart(2, '0')).join('');
          return `${k}="#${hex}"`;
        },
      )
      .replace(/^<svg\b/, `<svg role="img" aria-label="${escapeAttr(label)}"`);
  } finally {
    view.finalize();
  }
}

/** Rounds every decimal in a path or transform to 2 places (0.01 px): a third of the SVG bytes. */
function roundNumbers(s: string): string {
  return s.replace(/-?\d+\.\d{3,}(?:e-?\d+)?/g, (x) => String(Math.round(Number(x) * 100) / 100));
}

function escapeAttr(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
