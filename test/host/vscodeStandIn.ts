/**
 * A stand-in for the `vscode` module, so the extension's real adapters (history file, key store, settings
 * reader, failure notifications, result actions, the command table) run in plain mocha. It implements what
 * those adapters call, with real behaviour where it matters (URIs from Microsoft's vscode-uri, a file system
 * on disk that throws FileSystemError like VS Code's, settings with inspect()), and records what a user would
 * see: notifications with their buttons, clipboard text, commands run, log lines. Tests script the user's
 * answers. Anything it does not implement throws, so a test can never pass by calling into nothing.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { URI, Utils } from 'vscode-uri';

type Listener<T> = (value: T) => unknown;

export class EventEmitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>) => {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export class Disposable {
  constructor(private readonly callOnDispose: () => void) {}
  static from(...items: Array<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  dispose(): void {
    this.callOnDispose();
  }
}

/** vscode.Uri: vscode-uri's URI with the static helpers VS Code adds. */
export class Uri {
  private constructor(private readonly inner: URI) {}
  static parse(value: string): Uri {
    return new Uri(URI.parse(value));
  }
  static file(fsPath: string): Uri {
    return new Uri(URI.file(fsPath));
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(Utils.joinPath(base.inner, ...segments));
  }
  get scheme(): string {
    return this.inner.scheme;
  }
  get authority(): string {
    return this.inner.authority;
  }
  get path(): string {
    return this.inner.path;
  }
  get query(): string {
    return this.inner.query;
  }
  get fragment(): string {
    return this.inner.fragment;
  }
  get fsPath(): string {
    return this.inner.fsPath;
  }
  with(change: { scheme?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(this.inner.with(change));
  }
  toString(): string {
    return this.inner.toString();
  }
  toJSON(): unknown {
    return this.inner.toJSON();
  }
}

export class FileSystemError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
  static FileNotFound(uri?: Uri | string): FileSystemError {
    return new FileSystemError(`${String(uri)} not found`, 'FileNotFound');
  }
  static FileExists(uri?: Uri | string): FileSystemError {
    return new FileSystemError(`${String(uri)} exists`, 'FileExists');
  }
  static FileIsADirectory(uri?: Uri | string): FileSystemError {
    return new FileSystemError(`${String(uri)} is a directory`, 'FileIsADirectory');
  }
  static NoPermissions(uri?: Uri | string): FileSystemError {
    return new FileSystemError(`${String(uri)}: no permissions`, 'NoPermissions');
  }
}

export enum FileType {
  Unknown = 0,
  File = 1,
  Directory = 2,
  SymbolicLink = 64,
}
export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}
export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}
export enum ViewColumn {
  Active = -1,
  Beside = -2,
  One = 1,
}

/** Node errors as VS Code's disk file system reports them. */
function fileSystemError(error: unknown, uri: Uri): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return FileSystemError.FileNotFound(uri);
  if (code === 'EEXIST') return FileSystemError.FileExists(uri);
  if (code === 'EISDIR') return FileSystemError.FileIsADirectory(uri);
  if (code === 'EACCES' || code === 'EPERM') return FileSystemError.NoPermissions(uri);
  return new FileSystemError(error instanceof Error ? error.message : String(error), 'Unknown');
}

async function onDisk<T>(uri: Uri, work: () => Promise<T>): Promise<T> {
  if (uri.scheme !== 'file') throw new Error(`stand-in: only file: URIs (${uri.toString()})`);
  try {
    return await work();
  } catch (error) {
    throw fileSystemError(error, uri);
  }
}

const fileSystem = {
  stat: (uri: Uri) =>
    onDisk(uri, async () => {
      // As VS Code's disk provider: a link reports its target's type plus SymbolicLink (a dangling one, only that).
      const link = (await fs.lstat(uri.fsPath)).isSymbolicLink() ? FileType.SymbolicLink : 0;
      const stat = await fs.stat(uri.fsPath).catch((error: unknown) => {
        if (link) return undefined;
        throw error;
      });
      if (!stat) return { type: FileType.SymbolicLink, ctime: 0, mtime: 0, size: 0 };
      return { type: (stat.isDirectory() ? FileType.Directory : FileType.File) | link, ctime: stat.ctimeMs, mtime: stat.mtimeMs, size: stat.size };
    }),
  readFile: (uri: Uri) => onDisk(uri, async () => new Uint8Array(await fs.readFile(uri.fsPath))),
  writeFile: (uri: Uri, content: Uint8Array) => onDisk(uri, () => fs.writeFile(uri.fsPath, content)),
  createDirectory: (uri: Uri) => onDisk(uri, async () => void (await fs.mkdir(uri.fsPath, { recursive: true }))),
  readDirectory: (uri: Uri) =>
    onDisk(uri, async () =>
      (await fs.readdir(uri.fsPath, { withFileTypes: true })).map((entry) => [entry.name, entry.isDirectory() ? FileType.Directory : FileType.File] as const),
    ),
  delete: (uri: Uri, options?: { recursive?: boolean }) => onDisk(uri, () => fs.rm(uri.fsPath, { recursive: options?.recursive ?? false })),
  rename: (source: Uri, target: Uri, options?: { overwrite?: boolean }) =>
    onDisk(target, async () => {
      if (!options?.overwrite) {
        const exists = await fs.stat(target.fsPath).then(
          () => true,
          () => false,
        );
        if (exists) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
      }
      await fs.rename(source.fsPath, target.fsPath);
    }),
};

/** What the user saw and did: read by tests, answered by tests. */
export interface Shown {
  readonly kind: 'info' | 'warning' | 'error' | 'status' | 'input' | 'dialog';
  readonly message: string;
  readonly items: string[];
  readonly modal?: boolean;
  readonly detail?: string;
}

export const recorded = {
  shown: [] as Shown[],
  commands: [] as Array<{ command: string; args: unknown[] }>,
  clipboard: '',
  log: [] as string[],
  opened: [] as string[],
};

/** The user's next answers: a button label (or undefined to dismiss) per notification, text per input box. */
export const answers = {
  messages: [] as Array<string | undefined>,
  inputs: [] as Array<string | undefined>,
  /** Files picked in the next open dialogs (undefined: cancelled). */
  openDialogs: [] as Array<Uri[] | undefined>,
};

/** What the extension registered with `languages`, for tests to call as VS Code would. */
export const registered = {
  dropProviders: [] as Array<{ selector: unknown; provider: unknown; metadata: unknown }>,
  mcpProviders: [] as Array<{ id: string; provider: unknown }>,
};

export class DocumentDropEdit {
  constructor(
    readonly insertText: string,
    readonly title?: string,
    readonly kind?: unknown,
  ) {}
}

export class DocumentDropOrPasteEditKind {
  static readonly Empty = new DocumentDropOrPasteEditKind('');
  constructor(readonly value: string) {}
  append(...parts: string[]): DocumentDropOrPasteEditKind {
    return new DocumentDropOrPasteEditKind([this.value, ...parts].filter(Boolean).join('.'));
  }
}

export class DataTransferItem {
  constructor(private readonly value: string) {}
  async asString(): Promise<string> {
    return this.value;
  }
}

export class DataTransfer {
  private readonly items = new Map<string, DataTransferItem>();
  get(mime: string): DataTransferItem | undefined {
    return this.items.get(mime.toLowerCase());
  }
  set(mime: string, item: DataTransferItem): void {
    this.items.set(mime.toLowerCase(), item);
  }
}

export class TabInputCustom {
  constructor(
    readonly uri: Uri,
    readonly viewType: string,
  ) {}
}

export const languages = {
  registerDocumentDropEditProvider: (selector: unknown, provider: unknown, metadata: unknown) => {
    registered.dropProviders.push({ selector, provider, metadata });
    return new Disposable(() => undefined);
  },
};

/** Settings by section.key, at each level inspect() reports. */
export const settingValues: Record<string, { globalValue?: unknown; workspaceValue?: unknown; workspaceFolderValue?: unknown; defaultValue?: unknown }> = {};
export const workspaceFolders: Array<{ uri: Uri; name: string; index: number }> = [];
const configurationChanges = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();

export function changeSetting(key: string, value: unknown): void {
  settingValues[key] = { ...settingValues[key], globalValue: value };
  configurationChanges.fire({ affectsConfiguration: (section) => key === section || key.startsWith(`${section}.`) });
}

export function resetStandIn(): void {
  recorded.shown.length = 0;
  recorded.commands.length = 0;
  recorded.clipboard = '';
  recorded.log.length = 0;
  recorded.opened.length = 0;
  answers.messages.length = 0;
  answers.inputs.length = 0;
  answers.openDialogs.length = 0;
  registered.dropProviders.length = 0;
  registered.mcpProviders.length = 0;
  watchers.length = 0;
  for (const key of Object.keys(settingValues)) delete settingValues[key];
  workspaceFolders.length = 0;
  authentication.session = undefined;
  authentication.requests.length = 0;
  window.activeTextEditor = undefined;
}

function showMessage(kind: 'info' | 'warning' | 'error') {
  return async (message: string, ...rest: unknown[]) => {
    const options = typeof rest[0] === 'object' && rest[0] !== null && !('title' in rest[0]) ? (rest.shift() as { modal?: boolean; detail?: string }) : {};
    const items = rest.map((item) => (typeof item === 'string' ? item : (item as { title: string }).title));
    recorded.shown.push({ kind, message, items, modal: options.modal, detail: options.detail });
    const answer = answers.messages.shift();
    if (answer !== undefined && !items.includes(answer)) throw new Error(`stand-in: "${answer}" is not a button of "${message}" (${items.join(', ')})`);
    return answer === undefined ? undefined : rest[items.indexOf(answer)];
  };
}

function format(message: string, ...args: unknown[]): string {
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => (args[Number(index)] === undefined ? whole : String(args[Number(index)])));
}

export const l10n = {
  t: (message: string | { message: string; args?: unknown[] }, ...args: unknown[]) =>
    typeof message === 'string' ? format(message, ...args) : format(message.message, ...(message.args ?? [])),
};

export const window = {
  showInformationMessage: showMessage('info'),
  showWarningMessage: showMessage('warning'),
  showErrorMessage: showMessage('error'),
  showInputBox: async (options?: { title?: string; value?: string }) => {
    recorded.shown.push({ kind: 'input', message: options?.title ?? '', items: [] });
    return answers.inputs.shift();
  },
  showOpenDialog: async (options?: { title?: string }) => {
    recorded.shown.push({ kind: 'dialog', message: options?.title ?? '', items: [] });
    return answers.openDialogs.shift();
  },
  tabGroups: { activeTabGroup: { activeTab: undefined as unknown } },
  setStatusBarMessage: (message: string) => {
    recorded.shown.push({ kind: 'status', message, items: [] });
    return new Disposable(() => undefined);
  },
  withProgress: async <T>(_options: unknown, task: (progress: { report(value: unknown): void }, token: unknown) => Promise<T>) => {
    const cancel = new EventEmitter<void>();
    return task({ report: () => undefined }, { isCancellationRequested: false, onCancellationRequested: cancel.event });
  },
  createOutputChannel: (name: string) => {
    const line = (level: string) => (message: string) => void recorded.log.push(`[${level}] ${message}`);
    return {
      name,
      info: line('info'),
      warn: line('warn'),
      error: line('error'),
      trace: line('trace'),
      debug: line('debug'),
      show: () => undefined,
      dispose: () => undefined,
    };
  },
  createStatusBarItem: () => ({
    text: '',
    tooltip: '',
    name: '',
    command: undefined as unknown,
    show: () => undefined,
    hide: () => undefined,
    dispose: () => undefined,
  }),
  activeTextEditor: undefined as unknown,
  visibleTextEditors: [] as unknown[],
  onDidChangeActiveTextEditor: new EventEmitter<unknown>().event,
};

export const workspace = {
  fs: fileSystem,
  get workspaceFolders() {
    return workspaceFolders.length > 0 ? workspaceFolders : undefined;
  },
  isTrusted: true,
  getWorkspaceFolder: (uri: Uri) =>
    workspaceFolders.find((folder) => uri.scheme === folder.uri.scheme && (uri.path === folder.uri.path || uri.path.startsWith(`${folder.uri.path}/`))),
  asRelativePath: (target: Uri | string) => {
    const uri = typeof target === 'string' ? Uri.file(target) : target;
    const folder = workspace.getWorkspaceFolder(uri);
    return folder ? path.posix.relative(folder.uri.path, uri.path) : uri.scheme === 'file' ? uri.fsPath : uri.toString();
  },
  getConfiguration: (section: string) => ({
    get: (key: string, fallback?: unknown) => {
      const value = settingValues[`${section}.${key}`];
      return value?.workspaceFolderValue ?? value?.workspaceValue ?? value?.globalValue ?? value?.defaultValue ?? fallback;
    },
    inspect: (key: string) => ({ key: `${section}.${key}`, ...settingValues[`${section}.${key}`] }),
  }),
  onDidChangeConfiguration: configurationChanges.event,
  createFileSystemWatcher: () => {
    const created = new EventEmitter<Uri>();
    const changed = new EventEmitter<Uri>();
    const deleted = new EventEmitter<Uri>();
    watchers.push({ created, changed, deleted });
    return { onDidCreate: created.event, onDidChange: changed.event, onDidDelete: deleted.event, dispose: () => undefined };
  },
};

/** File watchers the extension made; tests fire their events as VS Code would. */
export const watchers: Array<{ created: EventEmitter<Uri>; changed: EventEmitter<Uri>; deleted: EventEmitter<Uri> }> = [];

export const commands = {
  executeCommand: async (command: string, ...args: unknown[]) => {
    recorded.commands.push({ command, args });
    return undefined;
  },
  registerCommand: () => new Disposable(() => undefined),
};

export const env = {
  language: 'en',
  clipboard: {
    writeText: async (text: string) => void (recorded.clipboard = text),
    readText: async () => recorded.clipboard,
  },
  openExternal: async (uri: Uri) => {
    recorded.opened.push(uri.toString());
    return true;
  },
};

/**
 * VS Code's authentication API: the session a provider would give (undefined: not signed in), and every request
 * for one, so a test sees whether it was silent or asked the user.
 */
export const authentication = {
  session: undefined as { accessToken: string; id: string; scopes: string[]; account: { id: string; label: string } } | undefined,
  requests: [] as Array<{ provider: string; scopes: readonly string[]; options: { createIfNone?: boolean; silent?: boolean } }>,
  async getSession(provider: string, scopes: readonly string[], options: { createIfNone?: boolean; silent?: boolean } = {}) {
    authentication.requests.push({ provider, scopes, options });
    if (!authentication.session && options.createIfNone) throw new Error('User did not consent to login.');
    return authentication.session;
  },
};

/** A SecretStorage in memory, as VS Code's: per extension, strings only. */
export class MemorySecrets {
  readonly values = new Map<string, string>();
  private readonly changes = new EventEmitter<{ key: string }>();
  readonly onDidChange = this.changes.event;
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.changes.fire({ key });
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
    this.changes.fire({ key });
  }
  async keys(): Promise<string[]> {
    return [...this.values.keys()];
  }
}

/** As VS Code's: a stdio MCP server's launch line, with its environment. */
export class McpStdioServerDefinition {
  cwd?: Uri;
  constructor(
    readonly label: string,
    public command: string,
    public args: string[] = [],
    public env: Record<string, string | number | null> = {},
    public version?: string,
  ) {}
}

export const lm = {
  registerMcpServerDefinitionProvider: (id: string, provider: unknown) => {
    registered.mcpProviders.push({ id, provider });
    return new Disposable(() => undefined);
  },
};

/** Like VS Code's: appended text has its Markdown syntax escaped; only `\n\n` in it makes a new paragraph. */
export class MarkdownString {
  value = '';
  appendText(text: string): this {
    this.value += text.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&');
    return this;
  }
}

export class LanguageModelTextPart {
  constructor(readonly value: string) {}
}

export class LanguageModelDataPart {
  constructor(
    readonly data: Uint8Array,
    readonly mimeType: string,
  ) {}
  static image(data: Uint8Array, mimeType: string): LanguageModelDataPart {
    return new LanguageModelDataPart(data, mimeType);
  }
}

export class LanguageModelToolResult {
  constructor(readonly content: unknown[]) {}
}
