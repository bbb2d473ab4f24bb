/** A conversation's HTML shell: the shared strict CSP page; labels as escaped JSON, never markup. */
import * as vscode from 'vscode';
import { webviewPage } from '../../platform/webviewShell';

function uiStrings(): Record<string, string> {
  const t = vscode.l10n.t;
  return {
    newConversation: t('New image conversation'),
    send: t('Send'),
    writePrompt: t('Write the Prompt'),
    writePromptTitle: t('A language model proposes the next turn from your draft and the conversation so far; edit it, then send.'),
    proposedBy: t('Proposed by {0}: edit it, then send.'),
    cancel: t('Cancel'),
    placeholder: t('Describe an image, or what to change in the last one. Enter sends, Shift+Enter starts a new line.'),
    promptLabel: t('Next turn'),
    thinking: t('Thinking…'),
    refining: t('Drawing…'),
    partialImage: t('Partial image, still drawing'),
    missing: t('{0} was deleted or moved.'),
    noImage: t('No image this turn: the model answered in words. Reply to it, or ask it to draw.'),
    open: t('Open'),
    reveal: t('Reveal'),
    drawEdit: t('Draw Edit...'),
    revisedPrompt: t('Prompt the image tool was given'),
    turn: t('Turn {0}'),
    startedFrom: t('Started from {0}'),
    empty: t('Describe the first image. Each turn keeps the whole conversation as context, so later turns can say "now add…" or "go back to the first one".'),
    emptyFromImage: t('Say what to do with this image. Each turn keeps the whole conversation as context.'),
  };
}

export function conversationHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewPage(webview, extensionUri, {
    title: vscode.l10n.t('Image Conversation'),
    stylesheet: 'conversation.css',
    script: 'conversation.js',
    strings: uiStrings(),
    body: `<header id="header"></header>
<main id="thread" role="log" aria-live="polite"></main>
<div id="composer">
  <textarea id="prompt" rows="3"></textarea>
  <div class="row"><span id="estimate" aria-live="polite"></span><span id="proposed" aria-live="polite"></span><button id="cancel" type="button" hidden></button><button id="write" type="button" class="secondary"></button><button id="send" type="button"></button></div>
</div>`,
  });
}
