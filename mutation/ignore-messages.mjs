// Stryker ignorer: mutants that only change a message (error text, claim prose, evidence labels).
// Strings compared with === or used as switch cases (normalisation names, step kinds) stay mutated.
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

/** Object keys whose string values are prose, never compared. */
const PROSE_KEYS = new Set([
  'title',
  'statement',
  'latex',
  'name',
  'from',
  'why',
  'value',
  'ref',
  'paper',
  'change',
  'metric',
  'hypotheses',
  'law',
  'description',
  'message',
  'help',
  'note',
]);

function isString(node) {
  return node.type === 'StringLiteral' || node.type === 'TemplateLiteral';
}

function keyName(prop) {
  const k = prop.node.key;
  if (!k) return undefined;
  return k.type === 'Identifier' ? k.name : k.type === 'StringLiteral' ? k.value : undefined;
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'messages', {
    shouldIgnore(path) {
      // new UsageError(...), new Error(...), new RangeError(...): text only
      if (
        path.isNewExpression() &&
        path.node.callee.type === 'Identifier' &&
        /Error$/.test(path.node.callee.name)
      )
        return 'error message';
      if (!isString(path.node)) return undefined;
      const parent = path.parentPath;
      if (parent?.isBinaryExpression() || parent?.isSwitchCase()) return undefined;
      const prop = path.findParent((p) => p.isObjectProperty());
      if (prop && PROSE_KEYS.has(keyName(prop) ?? '')) return 'prose';
      // the arguments of refuted/vacuous/explain message builders are template strings returned as text
      const fn = path.getFunctionParent();
      if (parent?.isReturnStatement() || parent?.isArrowFunctionExpression()) {
        const fnProp = fn?.findParent((p) => p.isObjectProperty());
        if (fnProp && ['refuted', 'vacuous', 'explain'].includes(keyName(fnProp) ?? '')) return 'message';
      }
      return undefined;
    },
  }),
];
