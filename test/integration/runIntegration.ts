/**
 * Runs the in-host suite (mocha inside a real VS Code) with @vscode/test-electron. That needs a VS Code
 * download; where none can be downloaded (machines that reach only package registries) it says so and
 * stops without failing the test command. The end-to-end suite covers a real VS Code there.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const root = path.resolve(__dirname, '../../..');
/** The oldest VS Code the extension supports (engines.vscode) and the newest. */
const VERSIONS = ['1.101.0', 'stable'];

async function main(): Promise<void> {
  for (const version of VERSIONS) {
    let executable: string;
    try {
      executable = await downloadAndUnzipVSCode({ version, cachePath: path.join(root, '.vscode-test') });
    } catch (error) {
      console.log(`In-host integration tests not run: VS Code ${version} could not be downloaded (${error instanceof Error ? error.message : String(error)}).`);
      return;
    }
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'openai-images-workspace-'));
    cpSync(path.join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'dist/test/integration/suite/index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
