/**
 * What a parsed manifest is made of: resolved assets, the places they name files, diagnostics, and what
 * parsing needs to know. Types only (and the one file-name rule every check shares), so each step of
 * parsing can import them without importing each other.
 */
import type { Node } from 'jsonc-parser';
import type { OutputFormat, Quality } from '../modelCatalogue';
import type { Settings } from '../settings';
import type { Translate } from '../translate';
import type { Manifest } from './manifestSchema';
import type { ResolvedDerivative } from './derivatives';
import type { ResolvedStyle } from './styleKit';
import type { EndpointSettings } from '../compatibleFlags';

export interface ManifestDiagnostic {
  readonly message: string;
  readonly offset: number;
  readonly length: number;
  readonly severity: 'error' | 'warning';
  /** A fix the editor can apply (a quick fix): replace the text at offset/length with `replacement`. */
  readonly fix?: { readonly kind: 'replace-model'; readonly replacement: string };
}

export interface ResolvedAsset {
  readonly index: number;
  /** `out` as written in the manifest, for messages. */
  readonly out: string;
  /** Absolute POSIX path of the output. */
  readonly outPath: string;
  /** The output relative to the manifest's folder, normalized: the lock file's key. */
  readonly key: string;
  readonly format: OutputFormat;
  /** The prompt sent: the asset's own words, then its style's (styleKit.composePrompt). */
  readonly prompt: string;
  /** The prompt as the manifest writes it. */
  readonly ownPrompt: string;
  readonly style?: ResolvedStyle;
  /** Inputs that are references (referenceFrom, the style's anchor and references), after the asset's own. */
  readonly references: readonly string[];
  /** Smaller copies made from the output after it is written. */
  readonly derive: readonly ResolvedDerivative[];
  /** Candidates to choose from instead of writing `out` directly, with the model and quality they are drafted at. */
  readonly candidates?: { readonly count: number; readonly model: string; readonly quality: Quality };
  /** Its alt text as the manifest gives it: the words, or `auto` (described by a model, recorded in the lock). */
  readonly alt?: string;
  /** The model and quality candidates of this asset are drafted at (`draftModel`, `draftQuality`, else its own). */
  readonly draft: { readonly model: string; readonly quality: Quality };
  /** The full request settings: built-in defaults, then `defaults`, then the asset's own. */
  readonly settings: Settings;
  /** Whether the manifest names the model (else the built-in default applies). */
  readonly modelExplicit: boolean;
  readonly edit?: { readonly images: readonly string[]; readonly mask?: string; readonly markup?: string };
  /** Indices of the assets whose outputs this one edits. */
  readonly dependsOn: readonly number[];
  /** Where the asset's object is in the text (for CodeLens and diagnostics). */
  readonly offset: number;
  readonly length: number;
  /** Every file the asset names, with where it is named: the containment check reports problems there. */
  readonly places: readonly AssetPlace[];
}

export interface AssetPlace {
  readonly role: 'out' | 'input' | 'derived';
  /** Absolute POSIX path. */
  readonly path: string;
  /** As written in the manifest. */
  readonly written: string;
  readonly offset: number;
  readonly length: number;
}

/** File systems refuse a name (one path segment) longer than this many bytes. */
export const MAX_NAME_BYTES = 255;

/** One key for names that are one file on macOS and Windows: case-folded and in one Unicode normal form. */
export function sameFileKey(file: string): string {
  return file.normalize('NFC').toLowerCase();
}

export interface ParsedManifest {
  readonly assets: readonly ResolvedAsset[];
  /** The style kits, resolved (for Generate with Style... outside the manifest). */
  readonly styles: readonly ResolvedStyle[];
  /** Indices in an order where every asset comes after the assets it edits. */
  readonly order: readonly number[];
}

export interface ParseResult {
  readonly manifest?: ParsedManifest;
  readonly diagnostics: readonly ManifestDiagnostic[];
}

export interface ParseContext {
  /** Absolute POSIX path of the manifest's folder. */
  readonly manifestDir: string;
  /** Absolute POSIX path nothing may leave (the workspace folder; the CLI's root). */
  readonly rootDir: string;
  readonly t: Translate;
  /** `YYYY-MM-DD`: models are judged live or shut down as of this day. */
  readonly today: string;
  /** Draft every asset as this many candidates (the command line's `--candidates N`), whatever the manifest says. */
  readonly candidates?: number;
  /** Where the run's requests go (user settings, or the command line's flags); a manifest never sets it. */
  readonly endpoint?: EndpointSettings;
}

/** Every file an asset's edit reads: its images, then the mask or markup. */
export function editInputs(asset: Pick<ResolvedAsset, 'edit'>): string[] {
  const edit = asset.edit;
  if (!edit) return [];
  return [...edit.images, ...(edit.mask ? [edit.mask] : []), ...(edit.markup ? [edit.markup] : [])];
}

/** What resolving one asset needs from the manifest around it; diagnostics and outputs seen are added to. */
export interface AssetScope {
  readonly manifest: Manifest;
  readonly context: ParseContext;
  readonly at: (location: ReadonlyArray<string | number>) => Node;
  readonly span: (node: Node) => { offset: number; length: number };
  readonly diagnostics: ManifestDiagnostic[];
  readonly byOutput: Map<string, number>;
  /** Every file an asset or a derivative writes (folded) -> what writes it, for collisions. */
  readonly written: Map<string, string>;
}
