/** The `openai-images-assets` executable: wires the process to the CLI. */
import * as readline from 'node:readline/promises';
import { runAssetsCli } from './assetsCli';

const controller = new AbortController();
// The first Ctrl+C stops starting new assets and aborts running requests; finished ones stay locked.
process.once('SIGINT', () => controller.abort());

async function ask(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

runAssetsCli(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  cwd: process.cwd(),
  ask: process.stdin.isTTY ? ask : undefined,
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
