// Bundles the extension: its entry, the rest it loads on first use, the panel's webview script, and the CLI.
// Exits non-zero when a build fails so CI never packages a stale bundle.
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
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
  // sharp loads a native module per platform: it is installed beside the bundle (see .vscodeignore), never bundled.
  external: ['vscode', 'sharp'],
  // jsonc-parser's UMD entry hides its requires from the bundler; its ES module entry bundles cleanly.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  plugins: watch ? [problemMatcher] : [],
};

const builds = [
  // Two files: the entry VS Code loads at activation stays a few KB; main.js (zod, the openai SDK, all the
  // rest) is required on first use. One file would have VS Code parse ~900 KB just to activate.
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', 'sharp', './main'] },
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
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', external: ['sharp'], banner: { js: '#!/usr/bin/env node' } },
  // The MCP server for agents outside VS Code; in the .vsix too, so VS Code can start it for its own agents.
  { ...common, entryPoints: ['src/mcp/main.ts'], outfile: 'dist/mcp.js', external: ['sharp'], banner: { js: '#!/usr/bin/env node' } },
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

/**
 * sharp (derivatives) and what it loads at run time, copied beside the bundles as dist/node_modules, so
 * dist/main.js finds it in the .vsix: its JavaScript, its dependencies, and the native module and libvips of the
 * platform this is built on (a .vsix with sharp is per platform; `npm run package` builds this machine's).
 */
function copySharp() {
  const copied = new Set();
  const copy = (name, from) => {
    // Found by folder, not by require.resolve: a package's "exports" may hide its package.json.
    const folder = (createRequire(from).resolve.paths(name) ?? [])
      .map((base) => path.join(base, name))
      .find((candidate) => existsSync(path.join(candidate, 'package.json')));
    if (folder === undefined) throw new Error(`${name} is not installed`);
    const source = folder;
    const manifestPath = path.join(source, 'package.json');
    if (copied.has(source)) return;
    copied.add(source);
    const target = path.join('dist/node_modules', name);
    // sharp's C++ sources and install scripts are not needed to load it.
    const unneeded = new Set(['src', 'install'].map((folder) => path.join(source, folder)));
    cpSync(source, target, { recursive: true, filter: (file) => !unneeded.has(file) });
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    for (const dependency of Object.keys(manifest.dependencies ?? {})) copy(dependency, manifestPath);
    for (const optional of Object.keys(manifest.optionalDependencies ?? {})) {
      try {
        copy(optional, manifestPath);
      } catch {
        // Another platform's native package: not installed here.
      }
    }
  };
  rmSync('dist/node_modules', { recursive: true, force: true });
  copy('sharp', path.resolve('package.json'));
}

try {
  copyCodicons();
  copyC2pa();
  copySharp();
  if (watch) {
    for (const options of builds) await (await esbuild.context(options)).watch();
  } else {
    for (const options of builds) await esbuild.build(options);
  }
} catch (error) {
  // esbuild has already printed its own errors; anything else (copying files) is printed here.
  if (!Array.isArray(error?.errors)) console.error(error);
  process.exitCode = 1;
}
