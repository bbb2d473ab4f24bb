/**
 * Text from a repository, a file name or a server, made safe to put in a notification. VS Code turns
 * `[label](command:id?args)` (also `https:` and `file:`) in notification text into a link that runs the
 * command when clicked, and has no escape syntax; bidi controls can make a name read as another.
 */

// Control characters except tab and newline, and the bidi controls that reorder what is shown.
const CONTROLS = /(?![\t\n])\p{Cc}|[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
/** VS Code's link syntax needs `]` directly followed by `(`: a zero-width space between them breaks every link. */
const LINK_JOINT = /\]\s*\(/g;

export function plainText(text: string): string {
  return text.replace(CONTROLS, '\uFFFD').replace(LINK_JOINT, (joint) => `]\u200B${joint.slice(1)}`);
}

/**
 * VS Code's own pattern (src/vs/base/common/linkedText.ts), kept here so tests can prove that what
 * `plainText` returns holds no link.
 */
export const VSCODE_NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

// Every control character (newlines too) and bidi control: shown as an escape, so text cannot draw lines of its own.
const QUOTED_ESCAPES = /[\\"]|\p{Cc}|[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/gu;
const NAMED_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Someone else's words shown as one quoted line of data: a model's prompt in a confirmation cannot start a new
 * paragraph ("Estimated cost: $0.00") or reorder what follows, because newlines and bidi controls are shown as
 * escapes (`\n`, `\u202e`) and quotes inside are escaped. Cut to `maxChars` with an ellipsis.
 */
export function quotedText(text: string, maxChars: number): string {
  const cut = text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
  const escaped = cut.replace(QUOTED_ESCAPES, (c) => NAMED_ESCAPES[c] ?? `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
  return `"${plainText(escaped)}"`;
}
