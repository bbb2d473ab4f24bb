/**
 * The one way this extension shows a notification or a progress toast: every message, detail and progress
 * text passes `plainText`, so a file name, a manifest value, a lock file or a server's error can never become
 * a clickable `command:` link. A test fails on any `show*Message` or `withProgress` call outside this file.
 */
import * as vscode from 'vscode';
import { plainText } from '../core/plainText';

type Kind = 'info' | 'warning' | 'error';

function show<T extends string>(kind: Kind, message: string, first: vscode.MessageOptions | T | undefined, items: T[]): Thenable<T | undefined> {
  const options = typeof first === 'object' ? { ...first, detail: first.detail === undefined ? undefined : plainText(first.detail) } : undefined;
  const buttons = typeof first === 'string' ? [first, ...items] : items;
  const text = plainText(message);
  const call = kind === 'info' ? vscode.window.showInformationMessage : kind === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  return options ? call<T>(text, options, ...buttons) : call<T>(text, ...buttons);
}

export function showInformation<T extends string>(message: string, ...items: T[]): Thenable<T | undefined>;
export function showInformation<T extends string>(message: string, options: vscode.MessageOptions, ...items: T[]): Thenable<T | undefined>;
export function showInformation<T extends string>(message: string, first?: vscode.MessageOptions | T, ...items: T[]): Thenable<T | undefined> {
  return show('info', message, first, items);
}

export function showWarning<T extends string>(message: string, ...items: T[]): Thenable<T | undefined>;
export function showWarning<T extends string>(message: string, options: vscode.MessageOptions, ...items: T[]): Thenable<T | undefined>;
export function showWarning<T extends string>(message: string, first?: vscode.MessageOptions | T, ...items: T[]): Thenable<T | undefined> {
  return show('warning', message, first, items);
}

export function showError<T extends string>(message: string, ...items: T[]): Thenable<T | undefined>;
export function showError<T extends string>(message: string, options: vscode.MessageOptions, ...items: T[]): Thenable<T | undefined>;
export function showError<T extends string>(message: string, first?: vscode.MessageOptions | T, ...items: T[]): Thenable<T | undefined> {
  return show('error', message, first, items);
}

export interface ProgressReport {
  readonly message?: string;
  readonly increment?: number;
}

/** A progress notification (cancellable unless told otherwise) whose title and messages are plain text. */
export function withNotificationProgress<R>(
  title: string,
  task: (progress: vscode.Progress<ProgressReport>, token: vscode.CancellationToken) => Thenable<R>,
  { cancellable = true }: { readonly cancellable?: boolean } = {},
): Thenable<R> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: plainText(title), cancellable }, (progress, token) =>
    task({ report: (value) => progress.report({ ...value, message: value.message === undefined ? undefined : plainText(value.message) }) }, token),
  );
}
