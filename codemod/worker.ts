/**
 * Worker thread of the codemod pool: parses candidate files and applies the syntactic rules, returning only
 * the new text, counts, warnings and rule data (never an AST), so memory stays flat however many files run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerInit, WorkerRequest, WorkerResponse } from './engine/pool';
import { knownRules, loadRuleModules, selectRules } from './engine/rule-set';
import { describeError, transformFile } from './engine/transform';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('worker.js runs only as a worker thread of the codemod');
  const init = workerData as WorkerInit;
  const { ts } = await import('ts-morph');
  const known = knownRules(await loadRuleModules(init.ruleModules));
  const { rules } = selectRules(known, init.ruleNames);
  port.on('message', (request: WorkerRequest) => {
    const response: WorkerResponse = {
      id: request.id,
      results: request.files.map((file) => {
        try {
          return transformFile(file, { ts, rules, options: init.options, checkInputSyntax: true });
        } catch (error) {
          return { status: 'failed', reason: 'rule-error', message: describeError(error), rules: [] };
        }
      }),
    };
    port.postMessage(response);
  });
  port.postMessage({ ready: true });
}

main().catch((error: unknown) => {
  // Reported to the pool as a start-up failure; the main thread turns it into per-file errors.
  parentPort?.postMessage({ startupError: describeError(error) });
});
