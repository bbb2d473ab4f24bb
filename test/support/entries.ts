/** History entries and an empty Memento for tests: a finished generation, with what each test cares about overridden. */
import type * as vscode from 'vscode';
import type { ResultEntry } from '../../src/core/results';

export function resultEntry(id: string, overrides: Partial<ResultEntry> = {}): ResultEntry {
  return {
    id,
    status: 'done',
    kind: 'generate',
    prompt: `prompt ${id}`,
    model: 'gpt-image-2',
    size: '1024x1024',
    quality: 'low',
    format: 'png',
    startedAt: 0,
    files: [],
    sources: [],
    ...overrides,
  };
}

/** A workspace state with nothing in it (no 0.1 results to move). */
export const emptyMemento = { get: () => undefined, update: async () => undefined, keys: () => [] } as unknown as vscode.Memento;

/** A Memento that keeps what it is given, in memory. */
export function memoryMemento(): vscode.Memento {
  const values = new Map<string, unknown>();
  return {
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
    update: async (key: string, value: unknown) => void values.set(key, value),
    keys: () => [...values.keys()],
  } as unknown as vscode.Memento;
}
