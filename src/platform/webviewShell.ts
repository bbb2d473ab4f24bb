/**
 * What every webview's HTML shell shares: a fresh nonce per page, one strict Content Security Policy (no inline
 * script or style, images only from the webview's own roots and blob:), and escaping for the few attributes
 * that carry text.
 */
import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';

export function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function newNonce(): string {
  return randomUUID().replace(/-/g, '');
}

/** blob: for images the webview makes from bytes (partial images, drawings). */
export function strictCsp(webview: vscode.Webview, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${webview.cspSource} blob:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}
