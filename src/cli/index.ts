// Entry point of dist/cli.js (`npx publish-test-outputs`).
import { runCli } from './main.js';
import { guardStdout } from './stdout-guard.js';

const stdout = guardStdout(process.stdout, process.stderr, () => /^(?:1|true)$/i.test(process.env['PTO_VERBOSE'] ?? '') || process.argv.includes('--verbose'));
process.exitCode = await runCli(process.argv.slice(2), { stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
