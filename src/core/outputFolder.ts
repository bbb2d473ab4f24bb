/** Resolves the `outputFolder` setting against a workspace folder without ever leaving it. */
import * as path from 'node:path';

/** The absolute POSIX path of `relative` inside `root`, or undefined when it would point outside. */
export function resolveInside(root: string, relative: string): string | undefined {
  const cleaned = relative.trim().replace(/\\/g, '/');
  if (cleaned === '' || path.posix.isAbsolute(cleaned) || /^[a-zA-Z]:/.test(cleaned)) return cleaned === '' ? root : undefined;
  const resolved = path.posix.normalize(path.posix.join(root, cleaned)).replace(/(.)\/+$/, '$1');
  const fromRoot = path.posix.relative(root, resolved);
  if (fromRoot.startsWith('..') || path.posix.isAbsolute(fromRoot)) return undefined;
  return resolved;
}
