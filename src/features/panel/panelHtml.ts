/** The panel's HTML shell: a strict CSP with a fresh nonce, and no user data inlined except escaped JSON. */
import * as vscode from 'vscode';
import { escapeAttribute, newNonce, strictCsp } from '../../platform/webviewShell';

/** Labels the webview script shows, translated on the extension side. */
function uiStrings(): Record<string, string> {
  const t = vscode.l10n.t;
  return {
    title: t('OpenAI Images'),
    empty: t('No images yet. Select text and run "Generate Image from Selection", or right-click an image and choose "Edit Image with Prompt...".'),
    running: t('Generating…'),
    failed: t('Failed'),
    open: t('Open'),
    reveal: t('Reveal in Explorer'),
    copyPath: t('Copy Path'),
    copyMarkdownLink: t('Copy Markdown Link'),
    showLog: t('Show Log'),
    clear: t('Clear History'),
    edit: t('Edit'),
    generate: t('Generate'),
    seconds: t('{0} s'),
    requestId: t('Request ID'),
    insert: t('Insert at Cursor'),
    refine: t('Refine...'),
    drawEdit: t('Draw Edit...'),
    regenerate: t('Regenerate'),
    moreLikeThis: t('More Like This...'),
    deleteFile: t('Delete File...'),
    moreActions: t('More'),
    missing: t('File missing: moved or deleted since it was made.'),
    refinedFrom: t('Refined from:'),
    partial: t('Partial image {0} of {1}…'),
    dragHint: t('Drag into a Markdown or HTML file to insert a link'),
    filter: t('Filter by prompt, model or file'),
    count: t('{0} in history'),
    filtered: t('{0} of {1} shown'),
    run: t('Run'),
    dismiss: t('Dismiss'),
    planAsset: t('Asset'),
    planReason: t('Why'),
    planCost: t('Estimate'),
    filesOf: t('{0} files'),
    announceDone: t('Image ready: {0}'),
    announceFailed: t('Request failed: {0}'),
    announceCancelled: t('Request cancelled: {0}'),
  };
}

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = newNonce();
  const media = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', name)).toString();
  const bundle = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', name)).toString();
  const csp = strictCsp(webview, nonce);
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${bundle('codicon.css')}">
<link rel="stylesheet" href="${media('panel.css')}">
<title>${escapeAttribute(vscode.l10n.t('OpenAI Images'))}</title>
</head>
<body>
<header class="toolbar">
  <h1 id="title"></h1>
  <input type="search" id="filter" class="filter" spellcheck="false">
  <span id="count" class="count"></span>
  <button type="button" id="clear" class="secondary" data-action="clear"></button>
</header>
<div id="live" class="visually-hidden" role="status" aria-live="polite"></div>
<section id="plan" class="plan" hidden></section>
<p id="empty" class="empty" hidden></p>
<ol id="results" class="results"></ol>
<div id="strings" data-strings="${escapeAttribute(JSON.stringify(uiStrings()))}" hidden></div>
<script nonce="${nonce}" src="${bundle('panel.js')}"></script>
</body>
</html>`;
}
