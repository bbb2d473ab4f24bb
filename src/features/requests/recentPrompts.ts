/** The last prompts the user sent, newest first, kept across sessions in global state. */
import type * as vscode from 'vscode';
import { z } from 'zod';

const KEY = 'openaiImages.recentPrompts';
const MAX = 20;

export class RecentPrompts {
  constructor(private readonly state: vscode.Memento) {}

  list(): string[] {
    const parsed = z.array(z.string()).safeParse(this.state.get(KEY));
    return parsed.success ? parsed.data.slice(0, MAX) : [];
  }

  async remember(prompt: string): Promise<void> {
    const trimmed = prompt.trim();
    if (trimmed === '') return;
    await this.state.update(KEY, [trimmed, ...this.list().filter((existing) => existing !== trimmed)].slice(0, MAX));
  }
}
