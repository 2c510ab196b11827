// Stryker reporter: each mutant's wall time, so a run's minutes can be put on the files, mutants and
// statuses that spent them (Stryker's own reports carry no time per mutant). At the config's
// concurrency 1 the time between two results is the later mutant's run, its restart after a timeout
// included. Writes timing.json beside the JSON reporter's mutation.json. Time a fresh run (no incremental file).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { commonTokens, declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin';

class TimingReporter {
  static inject = [commonTokens.options];
  constructor(options) {
    this.file = join(
      dirname(options.jsonReporter?.fileName ?? 'reports/mutation/mutation.json'),
      'timing.json',
    );
    this.concurrency = options.concurrency;
    this.rows = [];
    this.last = undefined;
  }
  onMutationTestingPlanReady() {
    this.last = Date.now();
  }
  onMutantTested(result) {
    const now = Date.now();
    // ignored and uncovered mutants take no run; a result reused from the incremental file cannot be
    // told apart here and is recorded with the few ms since the previous result: time a run fresh
    if (this.last === undefined || result.status === 'Ignored' || result.status === 'NoCoverage') return;
    this.rows.push({
      id: result.id,
      file: relative(process.cwd(), result.fileName),
      line: result.location.start.line,
      mutator: result.mutatorName,
      status: result.status,
      ms: now - this.last,
    });
    this.last = now;
  }
  wrapUp() {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ concurrency: this.concurrency, mutants: this.rows })}\n`);
    renameSync(tmp, this.file);
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'timing', TimingReporter)];
