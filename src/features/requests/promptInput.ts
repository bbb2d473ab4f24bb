/**
 * Asking for a prompt: a plain input box, or a pick list of recent prompts that also takes new text. Both offer
 * "Write the Prompt..." (a title bar button: a language model writes it from the typed words and the active
 * document), and can offer "Generate with Style..." (a button, and an entry below the recent prompts) once the
 * caller knows the workspace has style kits; that lookup runs while the user types, so it never delays the box.
 */
import * as vscode from 'vscode';
import type { RecentPrompts } from './recentPrompts';

function validate(value: string): string | undefined {
  return value.trim() === '' ? vscode.l10n.t('Describe the image you want.') : undefined;
}

const placeholder = () => vscode.l10n.t('A watercolor fox sitting in the snow at dawn');

export async function askPrompt(options: { title: string; value?: string; placeholder?: string; prompt?: string }): Promise<string | undefined> {
  const prompt = await vscode.window.showInputBox({
    title: options.title,
    value: options.value,
    placeHolder: options.placeholder ?? placeholder(),
    prompt: options.prompt ?? vscode.l10n.t('Describe the image.'),
    ignoreFocusOut: true,
    validateInput: validate,
  });
  return prompt?.trim() || undefined;
}

/**
 * The prompt typed or picked; `withStyle`: the user asked to apply a style kit, `withWriter`: to have a language
 * model write the prompt from what was typed and the active document (the prompt may then be empty).
 */
export interface PromptAnswer {
  readonly prompt?: string;
  readonly withStyle: boolean;
  readonly withWriter?: boolean;
}

function styleButton(): vscode.QuickInputButton {
  return { iconPath: new vscode.ThemeIcon('symbol-color'), tooltip: vscode.l10n.t('Generate with Style...') };
}

/** Always offered: it needs nothing of the workspace, and says itself when no model is available. */
function writerButton(): vscode.QuickInputButton {
  return { iconPath: new vscode.ThemeIcon('wand'), tooltip: vscode.l10n.t('Write the Prompt...') };
}

/** What a title bar button asks for, with the words typed so far. */
function answerForButton(button: vscode.QuickInputButton, value: string): PromptAnswer {
  const prompt = value.trim() || undefined;
  return button.tooltip === writerButton().tooltip ? { prompt, withStyle: false, withWriter: true } : { prompt, withStyle: true };
}

/** Shows the style button (and calls `onOffered`) once `offerStyle` says there are styles; a failed lookup offers nothing. */
function offerWhenKnown(
  input: vscode.QuickInput & { buttons: readonly vscode.QuickInputButton[] },
  offerStyle: Promise<boolean> | undefined,
  onOffered = () => {},
) {
  if (!offerStyle) return;
  offerStyle.then(
    (offered) => {
      if (!offered) return;
      input.buttons = [writerButton(), styleButton()];
      onOffered();
    },
    () => undefined,
  );
}

/** The plain box, for a user without recent prompts. */
function askInBox(title: string, offerStyle: Promise<boolean> | undefined): Promise<PromptAnswer | undefined> {
  const box = vscode.window.createInputBox();
  box.title = title;
  box.placeholder = placeholder();
  box.prompt = vscode.l10n.t('Describe the image.');
  box.ignoreFocusOut = true;
  box.buttons = [writerButton()];
  offerWhenKnown(box, offerStyle, () => (box.prompt = vscode.l10n.t("Describe the image, or apply one of the workspace's style kits with the button above.")));
  return new Promise<PromptAnswer | undefined>((resolve) => {
    box.onDidChangeValue(() => (box.validationMessage = undefined));
    box.onDidTriggerButton((button) => {
      resolve(answerForButton(button, box.value));
      box.hide();
    });
    box.onDidAccept(() => {
      const problem = validate(box.value);
      if (problem) {
        box.validationMessage = problem;
        return;
      }
      resolve({ prompt: box.value.trim(), withStyle: false });
      box.hide();
    });
    box.onDidHide(() => {
      resolve(undefined);
      box.dispose();
    });
    box.show();
  });
}

/** A quick pick whose first item is whatever the user typed, followed by recent prompts (and the style entry). */
export async function askPromptWithHistory(title: string, recent: RecentPrompts, offerStyle?: Promise<boolean>): Promise<PromptAnswer | undefined> {
  const history = recent.list();
  if (history.length === 0) return askInBox(title, offerStyle);
  const quickPick = vscode.window.createQuickPick();
  quickPick.title = title;
  quickPick.placeholder = vscode.l10n.t('Type a new prompt, or pick a recent one');
  quickPick.ignoreFocusOut = true;
  quickPick.matchOnDetail = true;
  const recentItems: vscode.QuickPickItem[] = history.map((prompt) => ({ label: prompt, description: vscode.l10n.t('recent') }));
  // Last and matched by its words like any item: Enter on a typed prompt can never land on it.
  const styleItem: vscode.QuickPickItem = {
    label: `$(symbol-color) ${vscode.l10n.t('Generate with Style...')}`,
    description: vscode.l10n.t('a style kit of this workspace'),
  };
  let styleOffered = false;
  const itemsFor = (value: string) => {
    const typed = value.trim();
    const extra = styleOffered ? [{ label: '', kind: vscode.QuickPickItemKind.Separator }, styleItem] : [];
    return [...(typed === '' ? [] : [{ label: typed, alwaysShow: true, description: vscode.l10n.t('new prompt') }]), ...recentItems, ...extra];
  };
  quickPick.items = itemsFor('');
  quickPick.buttons = [writerButton()];
  offerWhenKnown(quickPick, offerStyle, () => {
    styleOffered = true;
    const active = quickPick.activeItems;
    quickPick.items = itemsFor(quickPick.value);
    quickPick.activeItems = active;
  });
  quickPick.onDidChangeValue((value) => (quickPick.items = itemsFor(value)));
  const chosen = await new Promise<PromptAnswer | undefined>((resolve) => {
    quickPick.onDidTriggerButton((button) => {
      resolve(answerForButton(button, quickPick.value));
      quickPick.hide();
    });
    quickPick.onDidAccept(() => {
      const selected = quickPick.selectedItems[0];
      if (selected === styleItem) resolve({ prompt: undefined, withStyle: true });
      else {
        const prompt = (selected?.label ?? quickPick.value).trim();
        resolve(prompt ? { prompt, withStyle: false } : undefined);
      }
      quickPick.hide();
    });
    quickPick.onDidHide(() => resolve(undefined));
    quickPick.show();
  });
  quickPick.dispose();
  return chosen;
}
