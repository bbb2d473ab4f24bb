// Loads a module in a fresh process with a stand-in `vscode` and, for the extension, runs activate().
// Prints the milliseconds both took. The stand-in answers every property and call with itself, so the
// extension's composition runs as it would, without VS Code.
'use strict';
const Module = require('node:module');

/** With `path`: a stand-in Uri whose `fsPath` and `path` are that string (the composition joins paths onto them). */
function standIn(path) {
  const target = function () {};
  const proxy = new Proxy(target, {
    get(_target, property) {
      if (path !== undefined && (property === 'fsPath' || property === 'path')) return path;
      if (property === 'then') return undefined; // not a promise
      if (property === Symbol.iterator) return function* () {};
      if (property === Symbol.toPrimitive) return () => '';
      if (property === 'toString' || property === 'toJSON') return () => '';
      return proxy;
    },
    set: () => true,
    defineProperty: () => true,
    apply: () => proxy,
    construct: () => proxy,
  });
  return proxy;
}

// The bundle copies the module's own enumerable keys (esbuild's ESM interop), so name the API's namespaces.
const NAMES = [
  'window',
  'workspace',
  'commands',
  'languages',
  'l10n',
  'env',
  'extensions',
  'Uri',
  'EventEmitter',
  'Disposable',
  'ViewColumn',
  'ProgressLocation',
  'StatusBarAlignment',
  'DiagnosticSeverity',
  'Diagnostic',
  'Range',
  'Position',
  'CodeLens',
  'DocumentDropEdit',
  'DocumentDropOrPasteEditKind',
  'FileSystemError',
  'TabInputCustom',
  'ThemeColor',
  'MarkdownString',
  'LogLevel',
  'ConfigurationTarget',
  'lm',
  'McpStdioServerDefinition',
  'CodeActionKind',
  'CodeAction',
  'WorkspaceEdit',
];
const vscode = Object.fromEntries(NAMES.map((name) => [name, standIn()]));
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  return load.call(this, request, parent, isMain);
};

const [file, mode] = process.argv.slice(2);
const started = performance.now();
const loaded = require(file);
if (mode === 'main') {
  const any = standIn();
  const folder = standIn(require('node:os').tmpdir());
  loaded.startExtension({
    subscriptions: [],
    extension: any,
    extensionUri: folder,
    globalStorageUri: folder,
    secrets: any,
    globalState: any,
    workspaceState: any,
  });
}
if (mode === 'activate') {
  const subscriptions = [];
  const any = standIn();
  const folder = standIn(require('node:os').tmpdir());
  loaded.activate({ subscriptions, extension: any, extensionUri: folder, globalStorageUri: folder, secrets: any, globalState: any, workspaceState: any });
}
process.stdout.write(JSON.stringify({ ms: performance.now() - started }));
