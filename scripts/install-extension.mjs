// Builds the production bundle, packages openai-images.vsix, and installs it into the VS Code whose
// command line is on PATH (code, code-insiders, codium, cursor or code-server; or $VSCODE_CLI).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const vsix = join(root, 'openai-images.vsix');

// The same packaging the tests check (npm run package), so what is installed is what was tested.
execFileSync('npm', ['run', 'package'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });

const candidates = [process.env.VSCODE_CLI, 'code', 'code-insiders', 'codium', 'cursor', 'code-server'].filter(Boolean);
const cli = candidates.find((name) => spawnSync(name, ['--version'], { stdio: 'ignore', shell: process.platform === 'win32' }).status === 0);
if (!cli) {
  console.log(`\nPackaged ${vsix}.`);
  console.log('No VS Code command line was found on PATH. In VS Code run "Extensions: Install from VSIX..." and pick that file,');
  console.log("or set VSCODE_CLI to your editor's command line and run this again.");
  process.exit(existsSync(vsix) ? 0 : 1);
}
execFileSync(cli, ['--install-extension', vsix, '--force'], { stdio: 'inherit', shell: process.platform === 'win32' });
console.log(`\nInstalled ${vsix} with ${cli}. Reload VS Code windows to use it.`);
// VS Code opens a walkthrough by itself only for installs from the Marketplace or the Extensions view.
console.log('Then run "OpenAI Images: Get Started" from the command palette: it walks you to a first image, edit and asset.');
