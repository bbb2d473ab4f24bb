/** Keeps API keys out of everything we log or show, including keys the API echoes back in messages. */

// OpenAI keys (sk-..., sk-proj-..., sk-svcacct-...), also in the masked form the API echoes ("sk-abc***xyz").
const KEY_PATTERN = /\bsk-[A-Za-z0-9_*-]{6,}/g;
export const REDACTED = '[redacted key]';

/** A key's own text, with and without its `sk-`, `sk-proj-`... prefix (a server may echo either). */
function forms(secret: string): string[] {
  const body = secret.replace(/^sk-(?:proj-|svcacct-|admin-)?/, '');
  return body !== secret && body.length >= 12 ? [secret, body] : [secret];
}

export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    for (const form of forms(secret)) if (form.length >= 4) out = out.split(form).join(REDACTED);
  }
  return out.replace(KEY_PATTERN, REDACTED);
}
