/**
 * Worker thread of the codemod pool: parses candidate files and applies the syntactic rules, returning only
 * the new text, counts, warnings and rule data (never an AST), so memory stays flat however many files run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ProjectMessage, WorkerInit, WorkerRequest, WorkerResponse } from './engine/pool';
import type { ProjectFacts } from './rule';
import { knownRules, loadRuleModules, selectRules } from './engine/rule-set';
import { describeError, transformFile } from './engine/transform';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('worker.js runs only as a worker thread of the codemod');
  const init = workerData as WorkerInit;
  const { ts } = await import('ts-morph');
  const known = knownRules(await loadRuleModules(init.ruleModules));
  const { rules } = selectRules(known, init.ruleNames);
  // The project facts come with the init, or (pool started while the main thread was still reading) just after.
  let project: ProjectFacts | undefined = init.project;
  port.on('message', (message: WorkerRequest | ProjectMessage) => {
    if ('project' in message) {
      project = message.project;
      return;
    }
    const request = message;
    const response: WorkerResponse = {
      id: request.id,
      results: request.files.map((file) => {
        try {
          return transformFile(file, { ts, rules, options: init.options, checkInputSyntax: true, ...(project ? { project } : {}) });
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
