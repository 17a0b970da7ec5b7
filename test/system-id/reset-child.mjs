// A separate Node process running the `system-id` CLI command from a bundle of it, for the concurrent
// reset tests. argv: <path to the bundled command> <args...>. Prints "ready", waits for a line on stdin (so
// racing processes start together), runs the command with this process's environment, then prints
// "RESULT <json>" with its exit code and output.
import process from 'node:process';

const [modulePath, ...args] = process.argv.slice(2);
const { runSystemIdCommand } = await import(modulePath);

const go = new Promise((resolve) => {
  process.stdin.once('data', () => {
    process.stdin.destroy();
    resolve();
  });
});
process.stdout.write('ready\n');
await go;

let stdout = '';
let stderr = '';
const code = await runSystemIdCommand(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: process.env });
process.stdout.write(`RESULT ${JSON.stringify({ code, stdout, stderr })}\n`);
