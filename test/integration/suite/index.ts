import Mocha from 'mocha';

/** Entry point @vscode/test-electron calls inside the extension host. */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: true });
  // The test file is bundled in; `pre-require` installs describe/it before it is evaluated.
  mocha.suite.emit('pre-require', globalThis, 'inHostTests.js', mocha);
  await import('./inHostTests');
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} in-host tests failed`)) : resolve()));
  });
}
