// The peer in `npm run bench:codemod`: a jscodeshift transform doing the literal rewrite of the
// `test-ids` rule, reduced to what a hand-written transform would do.
// - Bails out early (returns undefined: "skipped") for files that are not tests or whose text names
//   no run-ID key; this is the fast variant the issue measured (27 s on 10k files). With the jscodeshift
//   option `--bail=false` it parses every file first, as a naive transform does (the issue: 54–62 s on 2k).
// - Collects string / plain template literals that are values of `run_id` / `runId` / `RUN_ID`
//   (object properties, variables, parameter defaults) and not canonical, then rewrites every string
//   literal of the file equal to one of them to a canonical-looking, hash-derived value.
// It does not pair threads, sanitize thread literals, or re-parse its output: it is a lower bound of
// the work `test-ids` does, which keeps the comparison in jscodeshift's favour.
'use strict';
/* global module */

const RUN_ID_NAMES = new Set(['run_id', 'runId', 'RUN_ID']);
const TEST_PATH = /(?:\.(?:test|spec)\.[cm]?[jt]sx?$|(?:^|\/)(?:__tests__|tests?)\/)/;
const CANONICAL = /^thread_.+_run_\d+_[0-9a-f]{8}$/;

/** FNV-1a of the original: the same original always gets the same replacement. */
function canonicalFor(original) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < original.length; i++) hash = Math.imul(hash ^ original.charCodeAt(i), 0x01000193) >>> 0;
  return `thread_test_thread_run_1700000000000_${hash.toString(16).padStart(8, '0')}`;
}

function keyName(node) {
  if (!node) return undefined;
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'StringLiteral') return node.value;
  return undefined;
}

/** The string value of a string literal or a template literal without substitutions. */
function literalValue(node) {
  if (!node) return undefined;
  if (node.type === 'StringLiteral') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  return undefined;
}

module.exports = function transform(file, api, options) {
  const source = file.source;
  const path = file.path.replace(/\\/g, '/');
  const mayMatch = () =>
    TEST_PATH.test(path) &&
    (source.includes('run_id') || source.includes('runId') || source.includes('RUN_ID')) &&
    !source.slice(0, 1024).includes('@generated');
  const bail = options.bail !== false && options.bail !== 'false';
  if (bail && !mayMatch()) return undefined;

  const j = api.jscodeshift;
  const root = j(source);
  if (!bail && !mayMatch()) return source;
  const originals = new Set();
  const consider = (name, valueNode) => {
    if (!RUN_ID_NAMES.has(name)) return;
    const value = literalValue(valueNode);
    if (value !== undefined && !CANONICAL.test(value)) originals.add(value);
  };

  root.find(j.ObjectProperty).forEach((p) => consider(keyName(p.node.key), p.node.value));
  root.find(j.VariableDeclarator).forEach((p) => consider(keyName(p.node.id), p.node.init));
  root.find(j.AssignmentPattern).forEach((p) => consider(keyName(p.node.left), p.node.right));
  if (originals.size === 0) return source;

  let rewrites = 0;
  root.find(j.StringLiteral).forEach((p) => {
    if (!originals.has(p.node.value)) return;
    j(p).replaceWith(j.stringLiteral(canonicalFor(p.node.value)));
    rewrites++;
  });
  root.find(j.TemplateLiteral).forEach((p) => {
    const value = literalValue(p.node);
    if (value === undefined || !originals.has(value)) return;
    j(p).replaceWith(j.stringLiteral(canonicalFor(value)));
    rewrites++;
  });
  api.stats('literals rewritten', rewrites);
  return root.toSource({ quote: 'single' });
};
