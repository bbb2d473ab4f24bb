/**
 * One manifest asset made plain: its paths resolved and checked, its settings merged (built-in defaults, then
 * `defaults`, then its style, then its own), its prompt composed with its style, its references and
 * derivatives listed, and every file it names with where it names it.
 */
import * as path from 'node:path';
import type { OutputFormat } from '../modelCatalogue';
import { outputFormatFromExtension } from '../outputFiles';
import { describeProblem } from '../problemMessages';
import { withEndpoint, type EndpointSettings } from '../compatibleFlags';
import { compatibleProblems, compatibleTargetOf } from '../compatibleModels';
import { checkPrompt, checkRequestSettings } from '../requestPlan';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import type { AssetSettings, Manifest, ManifestAsset } from './manifestSchema';
import { assetReferences, resolvePath } from './assetReferences';
import { expandDerive, type ResolvedDerivative } from './derivatives';
import { composePrompt } from './styleKit';
import { checkInputPaths, checkOutputPath, checkWrittenPath, isInside } from './manifestChecks';
import { sameFileKey, type AssetPlace, type AssetScope, type ResolvedAsset } from './manifestTypes';

function settingsFor(
  defaults: AssetSettings | undefined,
  style: AssetSettings | undefined,
  asset: ManifestAsset,
  format: OutputFormat,
  endpoint: EndpointSettings | undefined,
): Settings {
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
  for (const layer of [defaults ?? {}, style ?? {}, own]) {
    for (const [key, value] of Object.entries(layer)) if (value !== undefined) merged[key] = value;
  }
  return withEndpoint({ ...(merged as Settings), outputFormat: format, count: 1 }, endpoint);
}

/** What the model cannot do with these settings: the catalogue's rules, or a compatible server's declaration. */
function requestProblems(settings: Settings, edit: { mask: boolean; markup: boolean } | undefined) {
  const target = compatibleTargetOf(settings);
  return target ? compatibleProblems(target, settings, edit) : checkRequestSettings(settings, edit);
}

/** Formats sharp can read an asset's file in to make its derivatives. */
const DERIVABLE: ReadonlySet<OutputFormat> = new Set(['png', 'jpeg', 'webp']);

/** The asset's `derive` entries as files, each checked like an output and against every other file written. */
function resolveDerivatives(asset: Manifest['assets'][number], index: number, format: OutputFormat, scope: AssetScope): ResolvedDerivative[] {
  const { context, at, span, diagnostics, written } = scope;
  const { t } = context;
  if (!asset.derive || asset.derive.length === 0) return [];
  if (!DERIVABLE.has(format)) {
    diagnostics.push({ message: t('Derivatives are made from a .png, .jpg or .webp asset.'), ...span(at(['assets', index, 'derive'])), severity: 'error' });
    return [];
  }
  const derivatives: ResolvedDerivative[] = [];
  for (const [entryIndex, entry] of asset.derive.entries()) {
    const expanded = expandDerive(entry, entryIndex, context.manifestDir, t);
    for (const problem of expanded.problems) {
      const location = ['assets', index, 'derive', entryIndex, ...(problem.at === 'entry' ? [] : [problem.at])];
      diagnostics.push({ message: problem.message, ...span(at(location)), severity: 'error' });
    }
    for (const derivative of expanded.derivatives) {
      const location = ['assets', index, 'derive', entryIndex, 'out'];
      checkWrittenPath(derivative.out, derivative.outPath, location, scope);
      const folded = sameFileKey(derivative.outPath);
      const earlier = written.get(folded);
      if (earlier !== undefined) {
        diagnostics.push({ message: t('"{0}" is also written by {1}.', derivative.out, earlier), ...span(at(location)), severity: 'error' });
        continue;
      }
      written.set(folded, t('a derivative of {0}', asset.out));
      derivatives.push(derivative);
    }
  }
  return derivatives;
}

export /** Every file the asset names (its out, inputs, references and derivatives) with where the manifest names it. */
function placesOf(
  asset: ManifestAsset,
  index: number,
  files: {
    outPath: string;
    ownImages: readonly string[];
    edit: ResolvedAsset['edit'];
    references: ReturnType<typeof assetReferences>['added'];
    derive: readonly ResolvedDerivative[];
  },
  scope: AssetScope,
): AssetPlace[] {
  const { at, span } = scope;
  const { outPath, ownImages, edit, references, derive } = files;
  const place = (role: AssetPlace['role'], file: string, written: string, location: ReadonlyArray<string | number>): AssetPlace => ({
    role,
    path: file,
    written,
    ...span(at(location)),
  });
  return [
    place('out', outPath, asset.out, ['assets', index, 'out']),
    ...ownImages.map((image, inputIndex) => place('input', image, asset.edit!.images[inputIndex]!, ['assets', index, 'edit', 'images', inputIndex])),
    ...(['mask', 'markup'] as const).flatMap((which) =>
      edit?.[which] ? [place('input', edit[which]!, asset.edit![which]!, ['assets', index, 'edit', which])] : [],
    ),
    ...references.map((reference) => place('input', reference.path, reference.written, reference.location)),
    ...derive.map((derivative) => place('derived', derivative.outPath, derivative.out, ['assets', index, 'derive', derivative.entry, 'out'])),
  ];
}

/** One asset with its paths resolved and checked, its settings merged, and where each path is written. */
export function resolveAsset(asset: Manifest['assets'][number], index: number, scope: AssetScope): ResolvedAsset {
  const { manifest, context, at, span, diagnostics } = scope;
  const { t } = context;
  const node = at(['assets', index]);
  const outPath = resolvePath(context.manifestDir, asset.out);
  const format = outputFormatFromExtension(outPath)!;
  const key = path.posix.relative(context.manifestDir, outPath);
  checkOutputPath(asset, index, outPath, scope);
  const references = assetReferences(manifest, index, context.manifestDir, t);
  for (const problem of references.diagnostics) diagnostics.push({ message: problem.message, ...span(at(problem.location)), severity: problem.severity });
  const ownImages = (asset.edit?.images ?? []).map((image) => resolvePath(context.manifestDir, image));
  const images = [...ownImages, ...references.added.map((reference) => reference.path)];
  const edit =
    images.length > 0
      ? {
          images,
          mask: asset.edit?.mask ? resolvePath(context.manifestDir, asset.edit.mask) : undefined,
          markup: asset.edit?.markup ? resolvePath(context.manifestDir, asset.edit.markup) : undefined,
        }
      : undefined;
  checkInputPaths(asset, index, edit && { ...edit, images: ownImages }, scope);
  for (const reference of references.added) {
    if (!isInside(context.rootDir, reference.path))
      diagnostics.push({
        message: t('"{0}" is outside the workspace folder; edit inputs must stay inside it.', reference.written),
        ...span(at(reference.location)),
        severity: 'error',
      });
  }
  const { style } = references;
  const settings = settingsFor(manifest.defaults, style?.options, asset, format, context.endpoint);
  const sendsStyleReferences = references.added.some((reference) => reference.path !== resolvePath(context.manifestDir, asset.referenceFrom ?? '\0'));
  const prompt = composePrompt(asset.prompt, style, sendsStyleReferences);
  const problems = [
    ...checkPrompt(prompt),
    ...requestProblems(settings, edit ? { mask: edit.mask !== undefined, markup: edit.markup !== undefined } : undefined),
  ];
  for (const problem of problems) diagnostics.push({ message: describeProblem(problem, t), ...span(node), severity: 'error' });
  const modelExplicit = asset.model !== undefined || style?.options.model !== undefined || manifest.defaults?.model !== undefined;
  const derive = resolveDerivatives(asset, index, format, scope);
  const places = placesOf(asset, index, { outPath, ownImages, edit, references: references.added, derive }, scope);
  const draft = { model: asset.draftModel ?? manifest.draftModel ?? settings.model, quality: asset.draftQuality ?? manifest.draftQuality ?? settings.quality };
  const count = context.candidates ?? asset.candidates;
  const candidates = count !== undefined ? { count, ...draft } : undefined;
  if (candidates) {
    const draftEdit = edit ? { mask: edit.mask !== undefined, markup: edit.markup !== undefined } : undefined;
    const draftProblems = requestProblems({ ...settings, model: draft.model, quality: draft.quality, count: candidates.count }, draftEdit);
    const where = span(at(['assets', index, asset.candidates !== undefined ? 'candidates' : 'out']));
    for (const problem of draftProblems) diagnostics.push({ message: describeProblem(problem, t), ...where, severity: 'error' });
  }
  return {
    index,
    out: asset.out,
    outPath,
    key,
    format,
    prompt,
    ownPrompt: asset.prompt,
    style,
    references: references.added.map((reference) => reference.path),
    derive,
    candidates,
    ...(asset.alt !== undefined ? { alt: asset.alt } : {}),
    draft,
    settings,
    modelExplicit,
    edit,
    dependsOn: [],
    offset: node.offset,
    length: node.length,
    places,
  };
}
