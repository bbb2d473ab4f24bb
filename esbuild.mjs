// Bundles the extension: its entry, the rest it loads on first use, the panel's webview script, and the CLI.
// Exits non-zero when a build fails so CI never packages a stale bundle.
import { copyFileSync, mkdirSync } from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the `file:line:col: error: text` form VS Code's problem matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  sourcesContent: false,
  external: ['vscode'],
  // jsonc-parser's UMD entry hides its requires from the bundler; its ES module entry bundles cleanly.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  plugins: watch ? [problemMatcher] : [],
};

const builds = [
  // Two files: the entry VS Code loads at activation stays a few KB; main.js (zod, the openai SDK, all the
  // rest) is required on first use. One file would have VS Code parse ~900 KB just to activate.
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', './main'] },
  { ...common, entryPoints: ['src/main.ts'], outfile: 'dist/main.js' },
  // The panel's webview script: lit and the shared message schema, for the browser.
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    entryPoints: ['src/features/panel/webview/main.ts'],
    outfile: 'dist/webview/panel.js',
    external: [],
    mainFields: ['browser', 'module', 'main'],
  },
  // The edit canvas's webview script.
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    entryPoints: ['src/features/canvas/webview/main.ts'],
    outfile: 'dist/webview/canvas.js',
    external: [],
    mainFields: ['browser', 'module', 'main'],
  },
  // A conversation's webview script.
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    entryPoints: ['src/features/conversation/webview/main.ts'],
    outfile: 'dist/webview/conversation.js',
    external: [],
    mainFields: ['browser', 'module', 'main'],
  },
  // The command line for CI; not part of the .vsix (see .vscodeignore).
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', external: [], banner: { js: '#!/usr/bin/env node' } },
  // The MCP server for agents outside VS Code; in the .vsix too, so VS Code can start it for its own agents.
  { ...common, entryPoints: ['src/mcp/main.ts'], outfile: 'dist/mcp.js', external: [], banner: { js: '#!/usr/bin/env node' } },
];

/** Codicons for the webview: its stylesheet and font, served from the extension like the script. */
function copyCodicons() {
  mkdirSync('dist/webview', { recursive: true });
  for (const name of ['codicon.css', 'codicon.ttf']) copyFileSync(`node_modules/@vscode/codicons/dist/${name}`, `dist/webview/${name}`);
}

/**
 * Content Credentials: c2pa-rs as WebAssembly, read from disk on first use (pipeline/contentCredentials), and the
 * C2PA trust list with the key usages its signers may carry (media/c2pa).
 */
function copyC2pa() {
  mkdirSync('dist/c2pa', { recursive: true });
  copyFileSync('node_modules/@contentauth/c2pa-wasm/pkg/c2pa_bg.wasm', 'dist/c2pa/c2pa_bg.wasm');
  for (const name of ['C2PA-TRUST-LIST.pem', 'allowed-ekus.cfg', 'NOTICE.md']) copyFileSync(`media/c2pa/${name}`, `dist/c2pa/${name}`);
}

try {
  copyCodicons();
  copyC2pa();
  if (watch) {
    for (const options of builds) await (await esbuild.context(options)).watch();
  } else {
    for (const options of builds) await esbuild.build(options);
  }
} catch {
  process.exitCode = 1;
}
