/** Asking for a prompt: a plain input box, or a pick list of recent prompts that also takes new text. */
import * as vscode from 'vscode';
import type { RecentPrompts } from './recentPrompts';

function validate(value: string): string | undefined {
  return value.trim() === '' ? vscode.l10n.t('Describe the image you want.') : undefined;
}

export async function askPrompt(options: { title: string; value?: string; placeholder?: string }): Promise<string | undefined> {
  const prompt = await vscode.window.showInputBox({
    title: options.title,
    value: options.value,
    placeHolder: options.placeholder ?? vscode.l10n.t('A watercolor fox sitting in the snow at dawn'),
    prompt: vscode.l10n.t('Describe the image.'),
    ignoreFocusOut: true,
    validateInput: validate,
  });
  return prompt?.trim() || undefined;
}

/** A quick pick whose first item is whatever the user typed, followed by recent prompts. */
export async function askPromptWithHistory(title: string, recent: RecentPrompts): Promise<string | undefined> {
  const history = recent.list();
  if (history.length === 0) return askPrompt({ title });
  const quickPick = vscode.window.createQuickPick();
  quickPick.title = title;
  quickPick.placeholder = vscode.l10n.t('Type a new prompt, or pick a recent one');
  quickPick.ignoreFocusOut = true;
  quickPick.matchOnDetail = true;
  const recentItems: vscode.QuickPickItem[] = history.map((prompt) => ({ label: prompt, description: vscode.l10n.t('recent') }));
  quickPick.items = recentItems;
  quickPick.onDidChangeValue((value) => {
    const typed = value.trim();
    quickPick.items = typed === '' ? recentItems : [{ label: typed, alwaysShow: true, description: vscode.l10n.t('new prompt') }, ...recentItems];
  });
  const chosen = await new Promise<string | undefined>((resolve) => {
    quickPick.onDidAccept(() => {
      resolve(quickPick.selectedItems[0]?.label ?? (quickPick.value.trim() || undefined));
      quickPick.hide();
    });
    quickPick.onDidHide(() => resolve(undefined));
    quickPick.show();
  });
  quickPick.dispose();
  return chosen?.trim() || undefined;
}
