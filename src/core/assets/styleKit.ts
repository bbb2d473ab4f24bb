/**
 * Style kits: what a manifest's `styles` entry adds to each asset that names it. The prompt is composed in one
 * documented way (README "Style kits"), so the plan, the recipe and the request all show the same words:
 *
 *   <the asset's prompt>
 *
 *   Style: <brief>
 *   Palette: #112233, #445566
 *   Avoid: <negative>
 *   Match the style of the reference images; do not copy their subjects.   (only when references are sent)
 *
 * The fingerprint hashes each part apart, so the lock can say which part of a style changed.
 */
import { createHash } from 'node:crypto';
import type { AssetSettings, ManifestStyle } from './manifestSchema';

/** The words added after the prompt when an asset has reference images it is not an edit of. */
export const REFERENCE_INSTRUCTION = 'Match the style of the reference images; do not copy their subjects.';

export interface ResolvedStyle {
  readonly name: string;
  readonly brief?: string;
  readonly palette: readonly string[];
  readonly negative?: string;
  /** The style's own settings (the layer between `defaults` and the asset). */
  readonly options: AssetSettings;
  /** Reference images: absolute POSIX path and the path as written. */
  readonly references: ReadonlyArray<{ readonly path: string; readonly written: string }>;
  /** The anchor asset's output, absolute POSIX path, when the style names one. */
  readonly anchor?: { readonly path: string; readonly written: string };
}

/** The settings of a style kit (every key that is an asset setting). */
export function styleOptions(style: ManifestStyle): AssetSettings {
  const { brief: _brief, references: _references, palette: _palette, negative: _negative, anchor: _anchor, ...options } = style;
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as AssetSettings;
}

/** The prompt sent for an asset: its own words, then the style's, in the documented order. */
export function composePrompt(prompt: string, style: ResolvedStyle | undefined, sendsReferences: boolean): string {
  if (!style) return prompt;
  const lines = [
    ...(style.brief ? [`Style: ${style.brief}`] : []),
    ...(style.palette.length > 0 ? [`Palette: ${style.palette.map((colour) => colour.toLowerCase()).join(', ')}`] : []),
    ...(style.negative ? [`Avoid: ${style.negative}`] : []),
    ...(sendsReferences ? [REFERENCE_INSTRUCTION] : []),
  ];
  return lines.length > 0 ? `${prompt}\n\n${lines.join('\n')}` : prompt;
}

/** Each part of a style by hash: the lock keeps it, so a later plan can say what changed. */
export interface StyleFingerprint {
  readonly name: string;
  readonly brief: string;
  readonly palette: string;
  readonly negative: string;
  readonly options: string;
  /** Reference (as written) -> hash of its bytes. */
  readonly references: Readonly<Record<string, string>>;
}

function hashOf(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(value ?? null))
    .digest('hex');
}

/** Keys in one order, so the same options always hash the same. */
function sortedOptions(options: AssetSettings): Array<[string, unknown]> {
  return Object.entries(options).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function styleFingerprint(style: ResolvedStyle, referenceHash: (absolutePath: string) => string | undefined): StyleFingerprint {
  return {
    name: style.name,
    brief: hashOf(style.brief),
    palette: hashOf(style.palette.map((colour) => colour.toLowerCase())),
    negative: hashOf(style.negative),
    options: hashOf(sortedOptions(style.options)),
    references: Object.fromEntries(style.references.map((reference) => [reference.written, referenceHash(reference.path) ?? 'missing'])),
  };
}

/** One hash of the whole style, for the recipe hash. */
export function styleHash(fingerprint: StyleFingerprint): string {
  return hashOf([fingerprint.name, fingerprint.brief, fingerprint.palette, fingerprint.negative, fingerprint.options, Object.entries(fingerprint.references)]);
}

export type StyleChange =
  | { readonly part: 'renamed'; readonly style: string; readonly from: string }
  | { readonly part: 'added'; readonly style: string }
  | { readonly part: 'brief' | 'palette' | 'negative' | 'options'; readonly style: string }
  | { readonly part: 'reference'; readonly style: string; readonly reference: string }
  | { readonly part: 'reference-added' | 'reference-removed'; readonly style: string; readonly reference: string };

/** What differs between the style an asset was made with and the one it has now. */
export function styleChanges(locked: StyleFingerprint | undefined, current: StyleFingerprint | undefined): StyleChange[] {
  if (!current) return [];
  if (!locked) return [{ part: 'added', style: current.name }];
  if (locked.name !== current.name) return [{ part: 'renamed', style: current.name, from: locked.name }];
  const style = current.name;
  const changes: StyleChange[] = [];
  for (const part of ['brief', 'palette', 'negative', 'options'] as const) if (locked[part] !== current[part]) changes.push({ part, style });
  for (const [reference, hash] of Object.entries(current.references)) {
    const before = locked.references[reference];
    if (before === undefined) changes.push({ part: 'reference-added', style, reference });
    else if (before !== hash) changes.push({ part: 'reference', style, reference });
  }
  for (const reference of Object.keys(locked.references)) if (!(reference in current.references)) changes.push({ part: 'reference-removed', style, reference });
  return changes;
}
