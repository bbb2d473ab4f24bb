/** Starts and stops code-server for one scenario, on a free loopback port, with its own folders. */
import { spawn, type ChildProcess, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { E2eTools } from './tools';

export interface CodeServer {
  readonly url: string;
  readonly userDataDir: string;
  readonly logDir: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Installs the packaged extension once into a template folder that scenarios copy. */
export function installExtension(tools: E2eTools, vsix: string, extensionsDir: string, scratch: string): void {
  execFileSync(
    tools.node,
    [tools.codeServer, '--extensions-dir', extensionsDir, '--user-data-dir', path.join(scratch, 'install-user-data'), '--install-extension', vsix, '--force'],
    {
      env: { ...process.env, XDG_CONFIG_HOME: path.join(scratch, 'config'), XDG_DATA_HOME: path.join(scratch, 'data') },
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 120_000,
    },
  );
}

/** User settings for a quiet window: nothing opens, asks or takes the focus but what a scenario does. */
export const QUIET_WORKBENCH_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'editor.stickyScroll.enabled': false,
  // The test workspaces live inside this repository; keep git's prompts out of the screenshots.
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

/**
 * Machine-scoped settings: in a remote window, code-server's, VS Code takes these from the machine's settings and
 * ignores them in the user's. Each scenario's window is the first after an install, where the extension would open
 * its walkthrough (e2e 36 lets it).
 */
export const QUIET_MACHINE_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
};

export interface StartOptions {
  readonly scenarioDir: string;
  readonly workspace: string;
  readonly extensionsTemplate: string;
  readonly userSettings: Record<string, unknown>;
  /** Over QUIET_MACHINE_SETTINGS. */
  readonly machineSettings?: Record<string, unknown>;
  readonly trustWorkspace?: boolean;
  /** Built-in extensions left out, by folder name (a sign-in a stand-in replaces). */
  readonly withoutBuiltins?: readonly string[];
  /** Added to code-server's environment (its extension host inherits it). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * code-server has no --disable-extension; it does take another built-in extensions folder. This one links every
 * built-in but those left out.
 */
function builtinsWithout(tools: E2eTools, scenarioDir: string, leftOut: readonly string[]): string {
  const builtins = path.join(path.dirname(tools.codeServer), '..', '..', 'lib', 'vscode', 'extensions');
  const folder = path.join(scenarioDir, 'builtin-extensions');
  mkdirSync(folder, { recursive: true });
  for (const name of readdirSync(builtins)) {
    if (!leftOut.includes(name)) symlinkSync(path.join(builtins, name), path.join(folder, name));
  }
  return folder;
}

export async function startCodeServer(tools: E2eTools, options: StartOptions): Promise<CodeServer> {
  const userDataDir = path.join(options.scenarioDir, 'user-data');
  const extensionsDir = path.join(options.scenarioDir, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  cpSync(options.extensionsTemplate, extensionsDir, { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(options.userSettings, null, 2));
  mkdirSync(path.join(userDataDir, 'Machine'), { recursive: true });
  writeFileSync(path.join(userDataDir, 'Machine', 'settings.json'), JSON.stringify({ ...QUIET_MACHINE_SETTINGS, ...options.machineSettings }, null, 2));
  const port = await freePort();
  const args = [
    tools.codeServer,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    ...(options.trustWorkspace === false ? [] : ['--disable-workspace-trust']),
    ...(options.withoutBuiltins ? ['--builtin-extensions-dir', builtinsWithout(tools, options.scenarioDir, options.withoutBuiltins)] : []),
    options.workspace,
  ];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(options.scenarioDir, 'config'),
    XDG_DATA_HOME: path.join(options.scenarioDir, 'data'),
    ...options.env,
  };
  // The key must come from the prompt, as for a user; a key in CI's environment would skip it.
  delete env.OPENAI_API_KEY;
  delete env.OPENAI_BASE_URL;
  const child: ChildProcess = spawn(tools.node, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const deadline = Date.now() + 60_000;
  while (!output.includes('HTTP server listening')) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`code-server did not start within 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  writeFileSync(path.join(options.scenarioDir, 'code-server.out'), output);

  return {
    url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(options.workspace)}`,
    userDataDir,
    logDir: path.join(userDataDir, 'logs'),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5_000);
      await exited;
      clearTimeout(timer);
      writeFileSync(path.join(options.scenarioDir, 'code-server.out'), output);
    },
  };
}
