/**
 * Where results are written, as the few file operations the writer needs. The extension backs it with
 * `workspace.fs` (so remote and virtual workspaces work); tests and the CLI back it with Node's `fs`.
 */
export interface TargetFolder {
  /** Shown to the user and in logs, e.g. a workspace-relative path. */
  readonly label: string;
  exists(name: string): Promise<boolean>;
  write(name: string, bytes: Uint8Array): Promise<void>;
  /** Must fail with `FileExistsError` rather than replace `to`. */
  renameNoOverwrite(from: string, to: string): Promise<void>;
  delete(name: string): Promise<void>;
}

export class FileExistsError extends Error {
  constructor(readonly fileName: string) {
    super(`${fileName} already exists`);
    this.name = 'FileExistsError';
  }
}
