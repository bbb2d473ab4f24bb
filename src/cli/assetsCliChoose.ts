/**
 * `openai-images-assets choose <manifest> <out> <n> [--keep-draft]`: writes candidate n of the asset whose out
 * is <out> (as the manifest writes it, or a path from the current folder), locks it and makes its derivatives.
 * A key is needed only when the draft is remade at the asset's own model.
 */
import * as path from 'node:path';
import { remakeEstimate } from '../core/assets/assetPlan';
import { describeAssetFailure } from '../core/assets/assetFailure';
import { needsRemake } from '../core/assets/candidates';
import type { ResolvedAsset } from '../core/assets/manifestParse';
import { formatUsd } from '../core/pricing';
import { redactSecrets } from '../core/redact';
import { englishTranslate } from '../core/translate';
import { chooseCandidate } from '../pipeline/candidates/chooseCandidate';
import type { LoadedManifest } from './assetsCliManifest';
import type { CliIo, CliOptions } from './assetsCliOptions';
import { overwriteQuestion, printDerived, sendContext } from './assetsCliSend';

function findAsset(loaded: LoadedManifest, out: string, cwd: string): ResolvedAsset | undefined {
  const fromCwd = path.resolve(cwd, out).split(path.sep).join('/');
  return loaded.manifest.assets.find((asset) => asset.out === out || asset.key === path.posix.normalize(out) || asset.outPath === fromCwd);
}

export async function runChoose(options: CliOptions, loaded: LoadedManifest, io: CliIo): Promise<number> {
  const choose = options.choose!;
  const found = findAsset(loaded, choose.out, io.cwd);
  if (!found) {
    io.stderr(`${choose.out} is not the out of an asset of ${options.manifestArg}.`);
    return 2;
  }
  // Drafted with --candidates on an asset whose manifest names none: its drafts are still its candidates.
  const asset: ResolvedAsset = found.candidates ? found : { ...found, candidates: { count: choose.candidate, ...found.draft } };
  const remake = needsRemake(asset, choose.keepDraft);
  const apiKey = io.env.OPENAI_API_KEY?.trim() ?? '';
  if (remake && !apiKey) {
    io.stderr(`OPENAI_API_KEY is not set (needed to remake the draft at ${asset.settings.model}; pass --keep-draft to write the draft as it is).`);
    return 2;
  }
  const context = sendContext(options, loaded, io, apiKey);
  if (remake && !(await context.withinLimit(remakeEstimate(asset).usd, `Remaking it at ${asset.settings.model}`))) return 1;
  const chosen = await chooseCandidate({
    ...context.batchContext,
    plan: loaded.plan,
    connection: remake ? context.batchContext.connection : undefined,
    signal: io.signal ?? new AbortController().signal,
    asset,
    candidate: choose.candidate,
    keepDraft: choose.keepDraft,
    confirmOverwrite: async (item) => (io.ask ? io.ask(overwriteQuestion(item.asset.key, item.status)) : false),
    confirmDerivedOverwrite: async (items) => {
      const yes = new Set<string>();
      for (const item of items) if (io.ask && (await io.ask(overwriteQuestion(item.derivative.key, item.status)))) yes.add(item.derivative.key);
      return yes;
    },
  });
  if (!chosen.ok) {
    io.stderr(`failed: ${asset.key}: ${redactSecrets(describeAssetFailure(chosen.reason, englishTranslate), context.secrets)}`);
    if (chosen.paidUsd) io.stderr(`(${formatUsd(chosen.paidUsd)} was paid for it.)`);
    return 1;
  }
  const how = chosen.remade ? `remade at ${asset.settings.model} (${formatUsd(chosen.costUsd)})` : 'the draft as it is';
  io.stdout(`Chose candidate ${choose.candidate} for ${asset.key}: ${how}; locked.`);
  return printDerived(io, chosen.derived) > 0 ? 1 : 0;
}
