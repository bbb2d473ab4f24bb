/** What the command line sends: a direct run, a Batch API job and its collection, under the spending limit. */
import * as path from 'node:path';
import type { Connection } from '../api/imagesClient';
import { proxiedFetch } from '../api/proxyTransport';
import { batchRequestFile } from '../core/assets/assetBatch';
import { describeAssetFailure } from '../core/assets/assetFailure';
import { BATCH_DISCOUNT, formatUsd } from '../core/pricing';
import { redactSecrets } from '../core/redact';
import { englishTranslate } from '../core/translate';
import { collectAssetBatch, submitAssetBatch, type BatchContext } from '../pipeline/assetBatchRunner';
import { runAssets } from '../pipeline/assetRunner';
import type { DerivedSummary } from '../pipeline/derive/deriveAfter';
import { nodeAssetFiles } from '../pipeline/nodeAssetFiles';
import { RecipeRegistries } from '../pipeline/recipeRegistryFile';
import { defaultRecoveryDirectory, nodeRecovery } from '../pipeline/recovery';
import type { LoadedManifest } from './assetsCliManifest';
import type { CliIo, CliOptions } from './assetsCliOptions';

/** What sending needs: the connection, a log that never prints the key, and the spending limit. */
/** The question before a file changed by hand (or never made from the manifest) is overwritten. */
export function overwriteQuestion(key: string, status: string): string {
  return `${key} was ${status === 'modified' ? 'changed on disk since it was made' : 'not made from this manifest'}. Overwrite it?`;
}

/** Prints what became of the derivatives; the number that failed or were skipped. */
export function printDerived(io: CliIo, derived: DerivedSummary): number {
  for (const item of derived.made) io.stdout(`derived ${item.derivative.key}`);
  for (const { item, reason } of derived.failed) io.stderr(`failed: ${item.derivative.key}: ${describeAssetFailure(reason, englishTranslate)}`);
  for (const item of derived.skipped) io.stderr(`skipped: ${item.derivative.key} (changed by hand; run in a terminal to be asked, or delete it)`);
  return derived.failed.length + derived.skipped.length;
}

export interface SendContext {
  readonly options: CliOptions;
  readonly loaded: LoadedManifest;
  readonly io: CliIo;
  readonly batchContext: BatchContext;
  readonly secrets: readonly string[];
  readonly withinLimit: (usd: number, what: string) => Promise<boolean>;
}

export function sendContext(options: CliOptions, loaded: LoadedManifest, io: CliIo, apiKey: string): SendContext {
  const connection: Connection = {
    apiKey,
    baseUrl: options.baseUrl,
    ...(options.azure ? { azure: options.azure } : {}),
    organization: io.env.OPENAI_ORG_ID ?? '',
    project: io.env.OPENAI_PROJECT_ID ?? '',
    timeoutSeconds: options.timeoutSeconds,
    maxRetries: 2,
    fetch: proxiedFetch(io.env),
  };
  const secrets = [apiKey];
  const log = {
    info: () => undefined,
    warn: (message: string) => io.stderr(`warning: ${redactSecrets(message, secrets)}`),
    error: (message: string) => io.stderr(redactSecrets(message, secrets)),
  };
  /** The user's limit on money: above it a terminal is asked and anything else refused before a request. */
  const withinLimit = async (usd: number, what: string): Promise<boolean> => {
    if (usd <= options.maxCost) return true;
    const over = `${what} may cost ${formatUsd(usd)}, above --max-cost ${formatUsd(options.maxCost)}`;
    if (io.ask) return io.ask(`${over}. Go ahead?`);
    io.stderr(`refused: ${over}; nothing was sent. Pass a higher --max-cost to allow it.`);
    return false;
  };
  const { manifest, lock, lockPath } = loaded;
  const batchContext: BatchContext = {
    manifest,
    lock,
    lockPath,
    root: options.root,
    connection,
    files: nodeAssetFiles,
    log,
    signal: io.signal,
    recipes: new RecipeRegistries(),
    credentials: options.credentials,
    recovery: nodeRecovery(defaultRecoveryDirectory(io.env)),
  };
  return { options, loaded, io, batchContext, secrets, withinLimit };
}

const EXCLUDED_FROM_BATCH: Record<string, string> = {
  edit: 'an edit: run without --batch',
  'needs-confirmation': 'changed by hand',
  'no-batch': 'its model is not offered through the Batch API',
};

export async function submitBatch({ loaded, io, batchContext, secrets, withinLimit, options }: SendContext): Promise<number> {
  const batchUsd = batchRequestFile(loaded.plan.toGenerate).submitted.reduce((sum, item) => sum + item.estimateUsd, 0) * BATCH_DISCOUNT;
  if (!(await withinLimit(batchUsd, 'This batch job'))) return 1;
  const submitted = await submitAssetBatch(batchContext, loaded.plan, path.posix.basename(options.manifestPath));
  for (const { item, reason } of submitted.ok || submitted.reason === 'nothing-to-submit' ? (submitted.request?.excluded ?? []) : []) {
    io.stderr(`not in the batch: ${item.asset.key} (${EXCLUDED_FROM_BATCH[reason] ?? 'invalid settings'})`);
  }
  if (submitted.ok) {
    const estimate = formatUsd(submitted.request.submitted.reduce((sum, item) => sum + item.estimateUsd, 0) * BATCH_DISCOUNT);
    io.stdout(`Submitted batch ${submitted.batchId} with ${submitted.request.submitted.length} assets (estimated ${estimate}). Collect it with --collect.`);
    return 0;
  }
  if (submitted.reason === 'failed')
    io.stderr(`The batch could not be submitted: ${redactSecrets(submitted.failure.detail ?? submitted.failure.kind, secrets)}`);
  else if (submitted.reason === 'already-pending') io.stderr('A batch job is already pending: collect it first (--collect).');
  else io.stderr('Nothing to submit as a batch.');
  return 1;
}

export async function collectBatch({ io, batchContext, secrets }: SendContext): Promise<number> {
  const collected = await collectAssetBatch(batchContext);
  if (collected.state === 'none') {
    io.stdout('No batch job is pending.');
    return 0;
  }
  if (collected.state === 'pending') {
    const counts = collected.batch.request_counts;
    const progress = counts ? ` (${counts.completed + counts.failed} of ${counts.total} done)` : '';
    io.stdout(`Batch ${collected.batch.id} is ${collected.batch.status}${progress}; try again later.`);
    return 0;
  }
  if (collected.state === 'failed') {
    io.stderr(`Could not collect the batch: ${redactSecrets(collected.failure.detail ?? collected.failure.kind, secrets)}`);
    return 1;
  }
  for (const failure of collected.failed)
    io.stderr(`failed: ${failure.key}: ${redactSecrets(describeAssetFailure(failure.reason, englishTranslate), secrets)}`);
  for (const key of collected.skipped) io.stderr(`skipped: ${key} (changed on disk since the batch was submitted)`);
  const { written, failed, skipped } = collected;
  io.stdout(
    `Batch ${collected.batch.id} ${collected.batch.status}: wrote ${written.length}, failed ${failed.length}, skipped ${skipped.length}; ${formatUsd(collected.costUsd)}.`,
  );
  return failed.length + skipped.length > 0 ? 1 : 0;
}

export async function runDirect({ options, loaded, io, batchContext, secrets, withinLimit }: SendContext): Promise<number> {
  if (!(await withinLimit(loaded.plan.estimateUsd, 'This run'))) return 1;
  const summary = await runAssets({
    ...batchContext,
    plan: loaded.plan,
    concurrency: options.concurrency,
    signal: io.signal ?? new AbortController().signal,
    confirmOverwrite: async (items) => {
      const yes = new Set<number>();
      for (const item of items) if (io.ask && (await io.ask(overwriteQuestion(item.asset.key, item.status)))) yes.add(item.asset.index);
      return yes;
    },
    confirmDerivedOverwrite: async (items) => {
      const yes = new Set<string>();
      for (const item of items) if (io.ask && (await io.ask(overwriteQuestion(item.derivative.key, item.status)))) yes.add(item.derivative.key);
      return yes;
    },
    onProgress: ({ done, total, asset, ok }) => io.stdout(`${done}/${total} ${ok ? 'made' : 'failed'} ${asset.key}`),
  });
  const { derived } = summary;
  printDerived(io, derived);
  for (const drafts of summary.drafted) {
    const cost = drafts.reused ? 'already drafted, nothing sent' : `${drafts.model} ${drafts.quality}, ${formatUsd(drafts.costUsd)}`;
    io.stdout(`${drafts.asset.key}: ${drafts.files.length} candidates to choose from (${cost}):`);
    for (const file of drafts.files) io.stdout(`  ${path.relative(io.cwd, file)}`);
    const manifest = path.relative(io.cwd, options.manifestPath);
    io.stdout(`  choose one: openai-images-assets choose ${manifest} ${drafts.asset.out} <1-${drafts.files.length}>`);
  }
  for (const failure of summary.failed)
    io.stderr(`failed: ${failure.asset.key}: ${redactSecrets(describeAssetFailure(failure.reason, englishTranslate), secrets)}`);
  for (const asset of summary.skipped) io.stderr(`skipped: ${asset.key} (changed by hand; run in a terminal to be asked, or delete it)`);
  for (const asset of summary.cancelled) io.stderr(`cancelled: ${asset.key}`);
  const { generated, unchanged, failed, skipped } = summary;
  io.stdout(
    `Made ${generated.length}${summary.drafted.length > 0 ? `, drafted ${summary.drafted.length}` : ''}, unchanged ${unchanged}, failed ${failed.length}, skipped ${skipped.length}` +
      (loaded.plan.derived.length > 0 ? `; derived ${derived.made.length}, failed ${derived.failed.length}, skipped ${derived.skipped.length}` : '') +
      `; ${formatUsd(summary.costUsd)} in ${(summary.durationMs / 1000).toFixed(1)} s.`,
  );
  const problems = failed.length + skipped.length + summary.cancelled.length + loaded.blocked.length + derived.failed.length + derived.skipped.length;
  return problems > 0 ? 1 : 0;
}
