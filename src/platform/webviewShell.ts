/**
 * What every webview's HTML shell shares: a fresh nonce per page, one strict Content Security Policy (no inline
 * script or style, images only from the webview's own roots and blob:), and escaping for the few attributes
 * that carry text.
 */
import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import { env, Uri } from 'vscode';

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

export interface WebviewPage {
  readonly title: string;
  /** The page's stylesheet in media/ (codicons and media/webview.css come with every page). */
  readonly stylesheet: string;
  /** The page's script in dist/webview/. */
  readonly script: string;
  /** The page's own markup: static, never user data. */
  readonly body: string;
  /** Labels the script shows, handed over as escaped JSON in #strings. */
  readonly strings: Record<string, string>;
}

/** A whole webview page: the strict CSP, codicons, the page's stylesheet, its markup, its labels and its script. */
export function webviewPage(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = newNonce();
  const asset = (...segments: string[]) => webview.asWebviewUri(Uri.joinPath(extensionUri, ...segments)).toString();
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${strictCsp(webview, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('dist', 'webview', 'codicon.css')}">
<link rel="stylesheet" href="${asset('media', 'webview.css')}">
<link rel="stylesheet" href="${asset('media', page.stylesheet)}">
<title>${escapeAttribute(page.title)}</title>
</head>
<body>
${page.body}
<div id="strings" data-strings="${escapeAttribute(JSON.stringify(page.strings))}" hidden></div>
<script nonce="${nonce}" src="${asset('dist', 'webview', page.script)}"></script>
</body>
</html>`;
}
