/** Keeps API keys out of everything we log or show, including keys the API echoes back in messages. */

// OpenAI keys (sk-..., sk-proj-..., sk-svcacct-...), also in the masked form the API echoes ("sk-abc***xyz").
const KEY_PATTERN = /\bsk-[A-Za-z0-9_*-]{6,}/g;
export const REDACTED = '[redacted key]';

export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out.replace(KEY_PATTERN, REDACTED);
}
