/**
 * Reads a manifest's text into assets ready to plan, or into diagnostics with the exact place of each
 * problem: JSON syntax, unknown keys and bad values (from the schema), outputs or inputs outside the root,
 * two assets writing one file, settings the API would refuse, and dependency cycles.
 */
import * as path from 'node:path';
import { findNodeAtLocation, getNodeValue, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { jsonSyntaxMessage, schemaIssueMessage } from './manifestMessages';
import { isInsideFolder } from '../containment';
import type { OutputFormat } from '../modelCatalogue';
import { lifecycleOn } from '../modelLifecycle';
import { outputFormatFromExtension } from '../outputFiles';
import { describeProblem } from '../problemMessages';
import { checkPrompt, checkRequestSettings } from '../requestPlan';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import type { Translate } from '../translate';
import { manifestSchema, type AssetSettings, type Manifest, type ManifestAsset } from './manifestSchema';

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
  readonly prompt: string;
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
  readonly role: 'out' | 'input';
  /** Absolute POSIX path. */
  readonly path: string;
  /** As written in the manifest. */
  readonly written: string;
  readonly offset: number;
  readonly length: number;
}

/** File systems refuse a name (one path segment) longer than this many bytes. */
const MAX_NAME_BYTES = 255;

/** One key for names that are one file on macOS and Windows: case-folded and in one Unicode normal form. */
export function sameFileKey(file: string): string {
  return file.normalize('NFC').toLowerCase();
}

export interface ParsedManifest {
  readonly assets: readonly ResolvedAsset[];
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
}

function isInside(root: string, file: string): boolean {
  return file !== root && isInsideFolder(root, file);
}

function settingsFor(defaults: AssetSettings | undefined, asset: ManifestAsset, format: OutputFormat): Settings {
  const own: AssetSettings = {
    model: asset.model,
    size: asset.size,
    quality: asset.quality,
    complexity: asset.complexity,
    gifFrameCount: asset.gifFrameCount,
    gifFrameDurationMs: asset.gifFrameDurationMs,
    background: asset.background,
    outputCompression: asset.outputCompression,
    moderation: asset.moderation,
    inputFidelity: asset.edit?.inputFidelity ?? asset.inputFidelity,
  };
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const layer of [defaults ?? {}, own]) {
    for (const [key, value] of Object.entries(layer)) if (value !== undefined) merged[key] = value;
  }
  return { ...(merged as Settings), outputFormat: format, count: 1 };
}

/** Every file an asset's edit reads: its images, then the mask or markup. */
export function editInputs(asset: Pick<ResolvedAsset, 'edit'>): string[] {
  const edit = asset.edit;
  if (!edit) return [];
  return [...edit.images, ...(edit.mask ? [edit.mask] : []), ...(edit.markup ? [edit.markup] : [])];
}

/**
 * A model that is shut down (an error) or shuts down within the warning window (a warning), at the place the
 * manifest names it, with the successor as a quick fix. Old manifests keep parsing: the rest of the checks run.
 */
function retiredModelDiagnostics(manifest: Manifest, at: (location: ReadonlyArray<string | number>) => Node, context: ParseContext): ManifestDiagnostic[] {
  const { t } = context;
  const places: Array<{ model: string; location: Array<string | number> }> = [];
  if (manifest.defaults?.model) places.push({ model: manifest.defaults.model, location: ['defaults', 'model'] });
  manifest.assets.forEach((asset, index) => {
    if (asset.model) places.push({ model: asset.model, location: ['assets', index, 'model'] });
  });
  return places.flatMap(({ model, location }): ManifestDiagnostic[] => {
    const lifecycle = lifecycleOn(model, context.today);
    const node = at(location);
    const where = { offset: node.offset, length: Math.max(1, node.length) };
    if (lifecycle.state === 'shut-down') {
      return [
        {
          message: t('{0} was shut down on {1}; use its successor {2}.', model, lifecycle.shutdown, lifecycle.successor),
          ...where,
          fix: { kind: 'replace-model', replacement: lifecycle.successor },
          severity: 'error',
        },
      ];
    }
    if (lifecycle.state === 'deprecated') {
      return [
        {
          message: t(
            '{0} shuts down on {1} ({2} days from now); switch to its successor {3}.',
            model,
            lifecycle.shutdown,
            lifecycle.daysLeft,
            lifecycle.successor,
          ),
          ...where,
          fix: { kind: 'replace-model', replacement: lifecycle.successor },
          severity: 'warning',
        },
      ];
    }
    return [];
  });
}

/** Finds a cycle in the dependency graph, as asset indices from the first back to it, or undefined. */
export function findCycle(dependsOn: ReadonlyArray<readonly number[]>): number[] | undefined {
  const state = new Array<0 | 1 | 2>(dependsOn.length).fill(0);
  const stack: number[] = [];
  const visit = (node: number): number[] | undefined => {
    state[node] = 1;
    stack.push(node);
    for (const next of dependsOn[node] ?? []) {
      if (state[next] === 1) return [...stack.slice(stack.indexOf(next)), next];
      if (state[next] === 0) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state[node] = 2;
    return undefined;
  };
  for (let node = 0; node < dependsOn.length; node++) {
    if (state[node] === 0) {
      const cycle = visit(node);
      if (cycle) return cycle;
    }
  }
  return undefined;
}

/** A dependency order (Kahn's algorithm, stable by manifest order); assumes no cycle. */
export function dependencyOrder(dependsOn: ReadonlyArray<readonly number[]>): number[] {
  const remaining = dependsOn.map((deps) => new Set(deps));
  const order: number[] = [];
  const done = new Set<number>();
  while (order.length < dependsOn.length) {
    const ready = remaining.findIndex((deps, index) => !done.has(index) && [...deps].every((dep) => done.has(dep)));
    if (ready < 0) break;
    done.add(ready);
    order.push(ready);
  }
  return order;
}

/** What resolving one asset needs from the manifest around it; diagnostics and outputs seen are added to. */
interface AssetScope {
  readonly manifest: Manifest;
  readonly context: ParseContext;
  readonly at: (location: ReadonlyArray<string | number>) => Node;
  readonly span: (node: Node) => { offset: number; length: number };
  readonly diagnostics: ManifestDiagnostic[];
  readonly byOutput: Map<string, number>;
}

/** The output stays inside the workspace folder, has a name file systems take, and no other asset writes it. */
function checkOutputPath(asset: Manifest['assets'][number], index: number, outPath: string, scope: AssetScope): void {
  const { context, at, span, diagnostics, byOutput } = scope;
  const { t } = context;
  if (!isInside(context.rootDir, outPath)) {
    diagnostics.push({
      message: t('"{0}" is outside the workspace folder; outputs must stay inside it.', asset.out),
      ...span(at(['assets', index, 'out'])),
      severity: 'error',
    });
  }
  if (Buffer.byteLength(path.posix.basename(outPath), 'utf8') > MAX_NAME_BYTES) {
    diagnostics.push({
      message: t('"{0}" is a longer file name than file systems allow ({1} bytes).', asset.out, MAX_NAME_BYTES),
      ...span(at(['assets', index, 'out'])),
      severity: 'error',
    });
  }
  // On macOS and Windows names that differ in case or Unicode normal form are one file.
  const folded = sameFileKey(outPath);
  const earlier = byOutput.get(folded);
  if (earlier !== undefined) {
    diagnostics.push({
      message: t('Assets {0} and {1} both write "{2}".', earlier + 1, index + 1, asset.out),
      ...span(at(['assets', index, 'out'])),
      severity: 'error',
    });
  } else {
    byOutput.set(folded, index);
  }
}

/** Every input of an edit stays inside the workspace folder. */
function checkInputPaths(asset: Manifest['assets'][number], index: number, edit: ResolvedAsset['edit'], scope: AssetScope): void {
  const { context, at, span, diagnostics } = scope;
  const { t } = context;
  for (const [inputIndex, input] of (edit?.images ?? []).entries()) {
    if (!isInside(context.rootDir, input)) {
      diagnostics.push({
        message: t('"{0}" is outside the workspace folder; edit inputs must stay inside it.', asset.edit!.images[inputIndex]!),
        ...span(at(['assets', index, 'edit', 'images', inputIndex])),
        severity: 'error',
      });
    }
  }
  for (const key of ['mask', 'markup'] as const) {
    const file = edit?.[key];
    if (file && !isInside(context.rootDir, file)) {
      diagnostics.push({
        message: t('"{0}" is outside the workspace folder; edit inputs must stay inside it.', asset.edit![key]!),
        ...span(at(['assets', index, 'edit', key])),
        severity: 'error',
      });
    }
  }
}

/** One asset with its paths resolved and checked, its settings merged, and where each path is written. */
function resolveAsset(asset: Manifest['assets'][number], index: number, scope: AssetScope): ResolvedAsset {
  const { manifest, context, at, span, diagnostics } = scope;
  const { t } = context;
  const node = at(['assets', index]);
  const outPath = path.posix.resolve(context.manifestDir, asset.out.replace(/\\/g, '/'));
  const format = outputFormatFromExtension(outPath)!;
  const key = path.posix.relative(context.manifestDir, outPath);
  checkOutputPath(asset, index, outPath, scope);
  const edit = asset.edit
    ? {
        images: asset.edit.images.map((image) => path.posix.resolve(context.manifestDir, image.replace(/\\/g, '/'))),
        mask: asset.edit.mask ? path.posix.resolve(context.manifestDir, asset.edit.mask.replace(/\\/g, '/')) : undefined,
        markup: asset.edit.markup ? path.posix.resolve(context.manifestDir, asset.edit.markup.replace(/\\/g, '/')) : undefined,
      }
    : undefined;
  checkInputPaths(asset, index, edit, scope);
  const settings = settingsFor(manifest.defaults, asset, format);
  const problems = [
    ...checkPrompt(asset.prompt),
    ...checkRequestSettings(settings, edit ? { mask: edit.mask !== undefined, markup: edit.markup !== undefined } : undefined),
  ];
  for (const problem of problems) diagnostics.push({ message: describeProblem(problem, t), ...span(node), severity: 'error' });
  const modelExplicit = asset.model !== undefined || manifest.defaults?.model !== undefined;
  const place = (role: AssetPlace['role'], file: string, written: string, location: ReadonlyArray<string | number>): AssetPlace => ({
    role,
    path: file,
    written,
    ...span(at(location)),
  });
  const places = [
    place('out', outPath, asset.out, ['assets', index, 'out']),
    ...(edit?.images ?? []).map((image, inputIndex) => place('input', image, asset.edit!.images[inputIndex]!, ['assets', index, 'edit', 'images', inputIndex])),
    ...(['mask', 'markup'] as const).flatMap((which) =>
      edit?.[which] ? [place('input', edit[which]!, asset.edit![which]!, ['assets', index, 'edit', which])] : [],
    ),
  ];
  return {
    index,
    out: asset.out,
    outPath,
    key,
    format,
    prompt: asset.prompt,
    settings,
    modelExplicit,
    edit,
    dependsOn: [],
    offset: node.offset,
    length: node.length,
    places,
  };
}

export function parseManifest(text: string, context: ParseContext): ParseResult {
  const { t } = context;
  const diagnostics: ManifestDiagnostic[] = [];
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  for (const error of errors) {
    diagnostics.push({ message: jsonSyntaxMessage(error.error, t), offset: error.offset, length: Math.max(1, error.length), severity: 'error' });
  }
  if (!root || errors.length > 0) return { diagnostics };

  const at = (location: ReadonlyArray<string | number>): Node => findNodeAtLocation(root, [...location]) ?? root;
  const span = (node: Node) => ({ offset: node.offset, length: Math.max(1, node.length) });

  const parsed = manifestSchema.safeParse(getNodeValue(root));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const location = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const property = at([...location, key]).parent?.children?.[0] ?? at(location);
          diagnostics.push({ message: t('Unknown key "{0}".', key), ...span(property), severity: 'error' });
        }
        continue;
      }
      const where = location.length > 0 ? location.join('.') : t('the manifest');
      diagnostics.push({ message: t('{0}: {1}', where, schemaIssueMessage(issue, t)), ...span(at(location)), severity: 'error' });
    }
    return { diagnostics };
  }
  const manifest: Manifest = parsed.data;
  diagnostics.push(...retiredModelDiagnostics(manifest, at, context));

  const assets: ResolvedAsset[] = [];
  const byOutput = new Map<string, number>();
  const scope: AssetScope = { manifest, context, at, span, diagnostics, byOutput };
  for (const [index, asset] of manifest.assets.entries()) assets.push(resolveAsset(asset, index, scope));

  const withDeps = assets.map((asset) => ({
    ...asset,
    dependsOn: [
      ...new Set(
        editInputs(asset)
          .map((input) => byOutput.get(sameFileKey(input)))
          .filter((dep): dep is number => dep !== undefined),
      ),
    ],
  }));
  const cycle = findCycle(withDeps.map((asset) => asset.dependsOn));
  if (cycle) {
    const first = withDeps[cycle[0]!]!;
    diagnostics.push({
      message: t('These assets depend on each other in a cycle: {0}', cycle.map((index) => withDeps[index]!.out).join(' → ')),
      ...span(at(['assets', first.index, 'edit'])),
      severity: 'error',
    });
  }
  if (diagnostics.some((diagnostic) => diagnostic.severity === 'error')) return { diagnostics };
  return { manifest: { assets: withDeps, order: dependencyOrder(withDeps.map((asset) => asset.dependsOn)) }, diagnostics };
}

/** 1-based line and column of an offset, for messages outside an editor (the CLI). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
