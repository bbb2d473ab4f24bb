/**
 * The shape of `vscode.l10n.t`: the core writes its messages in English through it, and the
 * extension passes the real translator, so the core stays free of `vscode` and testable in plain Node.
 */
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

/** Fills `{0}`, `{1}`... as `vscode.l10n.t` does; used by tests and by the CLI-to-be. */
export const englishTranslate: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
