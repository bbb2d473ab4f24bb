/** The "OpenAI Images" log channel. Every line passes through key redaction on its way out. */
import * as vscode from 'vscode';
import type { JobLog } from '../pipeline/runImageJob';
import { redactSecrets } from '../core/redact';

export class Logger implements JobLog, vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  private readonly secrets = new Set<string>();

  constructor(name: string) {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  /** Keys seen by this window; they are redacted even if they do not look like OpenAI keys. */
  addSecret(secret: string): void {
    this.secrets.add(secret);
  }

  info(message: string): void {
    this.channel.info(this.clean(message));
  }

  warn(message: string): void {
    this.channel.warn(this.clean(message));
  }

  error(message: string): void {
    this.channel.error(this.clean(message));
  }

  /**
   * Runs work nobody waits for (a save, a notification with buttons, a webview message) and logs its failure
   * instead of leaving an unhandled rejection: the one way the extension starts a promise it does not await.
   */
  inBackground(what: string, work: PromiseLike<unknown>): void {
    Promise.resolve(work).catch((error: unknown) => this.warn(`${what} failed: ${error instanceof Error ? error.message : String(error)}`));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }

  private clean(message: string): string {
    return redactSecrets(message, [...this.secrets]);
  }
}
