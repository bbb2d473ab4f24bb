/** The panel's HTML shell: a strict CSP with a fresh nonce, and no user data inlined except escaped JSON. */
import * as vscode from 'vscode';
import { webviewPage } from '../../platform/webviewShell';

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
    converse: t('Continue in Conversation'),
    startConversation: t('Start Conversation'),
    regenerate: t('Regenerate'),
    moreLikeThis: t('More Like This...'),
    deleteFile: t('Delete File...'),
    keepOnly: t('Keep Only This'),
    saveRecovered: t('Save As...'),
    discardRecovered: t('Discard'),
    recovered: t('Kept in recovery: it could not be written where it was meant to go.'),
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
    choose: t('Choose'),
    keepDraft: t('Keep Draft As Is'),
    announceDone: t('Image ready: {0}'),
    announceFailed: t('Request failed: {0}'),
    announceCancelled: t('Request cancelled: {0}'),
  };
}

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewPage(webview, extensionUri, {
    title: vscode.l10n.t('OpenAI Images'),
    stylesheet: 'panel.css',
    script: 'panel.js',
    strings: uiStrings(),
    body: `<header class="toolbar">
  <h1 id="title"></h1>
  <input type="search" id="filter" class="filter" spellcheck="false">
  <span id="count" class="count"></span>
  <button type="button" id="startConversation" class="secondary" data-action="startConversation"></button>
  <button type="button" id="clear" class="secondary" data-action="clear"></button>
</header>
<div id="live" class="visually-hidden" role="status" aria-live="polite"></div>
<section id="plan" class="plan" hidden></section>
<section id="choices" class="choices" hidden></section>
<p id="empty" class="empty" hidden></p>
<ol id="results" class="results"></ol>`,
  });
}
