/**
 * What each shown image's Content Credentials say, for its card: validated by c2pa-rs once per version of the file
 * (its size and time, as FileStatus knows them), two files at a time, in the background. A file edited after it
 * was written is validated again when the watcher sees the change, so its card can say "altered after signing".
 */
import * as vscode from 'vscode';
import type { CredentialsReport } from '../../core/credentials/credentialsReport';
import { LIMITS } from '../../core/problems';
import { mapBounded } from '../../pipeline/containedFiles';
import type { ContentCredentialsReader } from '../../pipeline/contentCredentials';
import type { FileState } from './fileStatus';

const CONCURRENT_READS = 2;

function keyOf(state: FileState): string {
  return `${state.size}:${state.mtime}`;
}

export class CredentialsCache {
  private readonly known = new Map<string, { readonly key: string; readonly report: CredentialsReport }>();

  constructor(private readonly reader: ContentCredentialsReader) {}

  /** The report for this version of the file, if it was validated. */
  find(uri: string, state: FileState | undefined): CredentialsReport | undefined {
    const known = this.known.get(uri);
    return state?.exists && known?.key === keyOf(state) ? known.report : undefined;
  }

  /** Validates the files whose current version has no report yet; returns those that have one now. */
  async check(files: ReadonlyArray<{ readonly uri: string; readonly state: FileState | undefined }>): Promise<string[]> {
    const due = files.filter(({ uri, state }) => state?.exists && state.size <= LIMITS.imageBytes && this.known.get(uri)?.key !== keyOf(state));
    const done = await mapBounded(due, CONCURRENT_READS, async ({ uri, state }) => {
      try {
        const bytes = await vscode.workspace.fs.readFile(vscode.Uri.parse(uri));
        this.known.set(uri, { key: keyOf(state!), report: await this.reader.read(bytes) });
        return uri;
      } catch {
        // Gone or unreadable since it was checked: the card says what FileStatus says.
        return undefined;
      }
    });
    return done.filter((uri): uri is string => uri !== undefined);
  }
}
