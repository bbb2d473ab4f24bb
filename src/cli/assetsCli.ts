/**
 * `openai-images-assets <manifest> [--check] [--dry-run] [--concurrency N] [--root DIR] [--base-url URL]`:
 * the manifest's stale assets, made from the command line with the same core as the extension. The key
 * comes from OPENAI_API_KEY; nothing else is read from the environment. Exit codes: 0 all up to date (or
 * made), 1 stale (--check) or a failure, 2 a usage or manifest error.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_BASE_URL, type Connection } from '../api/imagesClient';
import { batchRequestFile } from '../core/assets/assetBatch';
import { lockFileName, MANIFEST_SUFFIX } from '../core/assets/manifestSchema';
import { lineColumn, parseManifest, type ParsedManifest } from '../core/assets/manifestParse';
import { parseLockFile, type LockFile } from '../core/assets/assetLock';
import { planAssets, type AssetPlan, type AssetStatus, type PlanItem } from '../core/assets/assetPlan';
import { DERIVATIVE_STALE, type DerivativeItem } from '../core/assets/derivativePlan';
import { describeDerivativeStatus, describeStyleChanges } from '../core/assets/planMessages';
import { BATCH_DISCOUNT, formatUsd } from '../core/pricing';
import { redactSecrets } from '../core/redact';
import { englishTranslate } from '../core/translate';
import { describeAssetFailure } from '../core/assets/assetFailure';
import { collectAssetBatch, submitAssetBatch, type BatchContext } from '../pipeline/assetBatchRunner';
import { inspectManifestFiles, runAssets } from '../pipeline/assetRunner';
import { readContained, TEXT_FILE_LIMIT } from '../pipeline/containedFiles';
import { describePathProblem } from '../core/containment';
import { DEFAULT_SETTINGS } from '../core/settings';
import { nodeAssetFiles } from '../pipeline/nodeAssetFiles';
import { isoDay } from '../core/modelLifecycle';
import { CONTENT_CREDENTIALS_CHOICES, type ContentCredentialsChoice } from '../core/credentials/imagePlacement';
import { RECIPE_REGISTRY_PATH } from '../core/credentials/recipeRegistry';
import { RecipeRegistries } from '../pipeline/recipeRegistryFile';
import { defaultRecoveryDirectory, nodeRecovery } from '../pipeline/recovery';

export interface CliIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Asks a yes/no question when there is a terminal to ask on; undefined when there is none (CI). */
  readonly ask?: (question: string) => Promise<boolean>;
  readonly signal?: AbortSignal;
}

const USAGE = `Usage: openai-images-assets <manifest.images.json> [options]

Makes the images of a manifest that are missing or stale, and records them in <name>.images.lock.json.

Options:
  --check            exit 1 if any asset is stale, without calling the API (for CI)
  --batch            submit the stale generated assets as one Batch API job (about half the price,
                     results within 24 hours); the lock file records the job
  --collect          collect the finished batch job recorded in the lock file, writing its images
  --dry-run          print the plan and its estimated cost, without calling the API
  --concurrency N    requests at once (default 3)
  --root DIR         the folder outputs and inputs must stay in (default: the current folder)
  --base-url URL     an OpenAI-compatible endpoint instead of ${DEFAULT_BASE_URL}
  --timeout S        seconds per request (default 300)
  --max-cost USD     the most a run may cost without asking (default ${DEFAULT_SETTINGS.confirmAboveUsd}); above it the
                     command asks in a terminal and refuses where there is none (CI)
  --content-credentials keep|strip
                     keep (default): write each image byte for byte as signed, its recipe in
                     ${RECIPE_REGISTRY_PATH}; strip: remove the C2PA manifest first
  -h, --help         this text

The API key is read from OPENAI_API_KEY. An image that was paid for but cannot be written is kept in
the recovery folder (OPENAI_IMAGES_RECOVERY_DIR, or the user's state folder), and its path is printed.`;

const REASONS: Record<AssetStatus, string> = {
  'up-to-date': 'up to date',
  missing: 'missing',
  'recipe-changed': 'recipe changed',
  'input-stale': 'an input is made first',
  modified: 'changed on disk since it was made',
  untracked: 'exists but was not made from this manifest',
  'input-missing': 'an input is missing',
};

function describe(item: PlanItem, root: string): string {
  const detail = item.detail ? ` (${path.relative(root, item.detail)})` : '';
  const why = item.styleChanges ? describeStyleChanges(item.styleChanges, englishTranslate) : REASONS[item.status];
  const drafts = item.asset.candidates ? ` (${item.asset.candidates.count} candidates to choose from)` : '';
  return `${item.asset.key}: ${why}${detail}${drafts}`;
}

function describeDerivative(item: DerivativeItem): string {
  return `${item.derivative.key} (from ${item.asset.key}): ${describeDerivativeStatus(item.status, englishTranslate)}`;
}

interface CliOptions {
  readonly manifestArg: string;
  readonly manifestPath: string;
  readonly root: string;
  readonly concurrency: number;
  readonly timeoutSeconds: number;
  readonly maxCost: number;
  readonly baseUrl: string;
  readonly check: boolean;
  readonly credentials: ContentCredentialsChoice;
  readonly batch: boolean;
  readonly collect: boolean;
  readonly dryRun: boolean;
}

/** The options, or the exit code when they are wrong or only help was asked for. */
function parseCliArgs(argv: readonly string[], io: CliIo): CliOptions | number {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        check: { type: 'boolean', default: false },
        batch: { type: 'boolean', default: false },
        collect: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        concurrency: { type: 'string', default: '3' },
        root: { type: 'string' },
        'base-url': { type: 'string', default: '' },
        timeout: { type: 'string', default: '300' },
        'max-cost': { type: 'string', default: String(DEFAULT_SETTINGS.confirmAboveUsd) },
        'content-credentials': { type: 'string', default: 'keep' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const manifestArg = positionals[0];
  const concurrency = Number(values.concurrency);
  const timeoutSeconds = Number(values.timeout);
  const maxCost = Number(values['max-cost']);
  const valid = manifestArg && positionals.length === 1 && Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 16;
  const credentials = CONTENT_CREDENTIALS_CHOICES.find((choice) => choice === values['content-credentials']);
  if (!valid || !(timeoutSeconds >= 10) || !(maxCost >= 0) || !credentials) {
    io.stderr(USAGE);
    return 2;
  }
  const posix = (file: string) => path.resolve(io.cwd, file).split(path.sep).join('/');
  return {
    manifestArg,
    manifestPath: posix(manifestArg),
    root: posix(values.root ?? '.'),
    concurrency,
    timeoutSeconds,
    maxCost,
    baseUrl: values['base-url'] ?? '',
    check: values.check,
    batch: values.batch,
    collect: values.collect,
    dryRun: values['dry-run'],
    credentials,
  };
}

interface LoadedManifest {
  readonly manifest: ParsedManifest;
  readonly lock: LockFile;
  readonly lockPath: string;
  readonly plan: AssetPlan;
  readonly blocked: readonly PlanItem[];
}

/** Reads, checks and plans the manifest, printing each problem where it is; the exit code when it cannot go on. */
async function loadManifest(options: CliOptions, io: CliIo): Promise<LoadedManifest | number> {
  const { manifestArg, manifestPath, root } = options;
  if (!manifestPath.endsWith(MANIFEST_SUFFIX)) io.stderr(`warning: ${manifestArg} does not end in ${MANIFEST_SUFFIX}; editors will not check it.`);
  let text: string;
  try {
    const read = await readContained(nodeAssetFiles, path.posix.dirname(manifestPath), manifestPath, TEXT_FILE_LIMIT);
    if (!read.ok) throw new Error(describePathProblem(read.problem, englishTranslate, manifestArg));
    if (!read.bytes) throw new Error('no such file');
    text = new TextDecoder().decode(read.bytes);
  } catch (error) {
    io.stderr(`Cannot read ${manifestArg}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const { manifest, diagnostics } = parseManifest(text, {
    manifestDir: path.posix.dirname(manifestPath),
    rootDir: root,
    t: englishTranslate,
    today: isoDay(new Date()),
  });
  const where = (offset: number) => {
    const { line, column } = lineColumn(text, offset);
    return `${manifestArg}:${line}:${column}`;
  };
  for (const diagnostic of diagnostics) io.stderr(`${where(diagnostic.offset)}: ${diagnostic.severity}: ${diagnostic.message}`);
  if (!manifest) return 2;

  const lockPath = path.posix.join(path.posix.dirname(manifestPath), lockFileName(path.posix.basename(manifestPath)));
  const lockRead = await readContained(nodeAssetFiles, root, lockPath, TEXT_FILE_LIMIT);
  if (!lockRead.ok) {
    io.stderr(`error: ${describePathProblem(lockRead.problem, englishTranslate, path.relative(io.cwd, lockPath))}`);
    return 2;
  }
  const { lock, error: lockError } = parseLockFile(lockRead.bytes ? new TextDecoder().decode(lockRead.bytes) : undefined);
  if (lockError) {
    io.stderr(`${path.relative(io.cwd, lockPath)} is damaged (${lockError}); fix or delete it.`);
    return 2;
  }
  const inspected = await inspectManifestFiles(manifest, nodeAssetFiles, root);
  for (const problem of inspected.problems) {
    const written = problem.asset.places.find((place) => place.offset === problem.offset)?.written;
    io.stderr(`${where(problem.offset)}: error: ${describePathProblem(problem, englishTranslate, written)}`);
  }
  if (inspected.problems.length > 0) return 2;
  const plan = planAssets(manifest, lock, (file) => inspected.hashes.get(file));
  const blocked = plan.items.filter((item) => item.status === 'input-missing');
  for (const item of blocked) io.stderr(`error: ${describe(item, root)}`);
  return { manifest, lock, lockPath, plan, blocked };
}

/** What sending needs: the connection, a log that never prints the key, and the spending limit. */
interface SendContext {
  readonly options: CliOptions;
  readonly loaded: LoadedManifest;
  readonly io: CliIo;
  readonly batchContext: BatchContext;
  readonly secrets: readonly string[];
  readonly withinLimit: (usd: number, what: string) => Promise<boolean>;
}

function sendContext(options: CliOptions, loaded: LoadedManifest, io: CliIo, apiKey: string): SendContext {
  const connection: Connection = {
    apiKey,
    baseUrl: options.baseUrl,
    organization: io.env.OPENAI_ORG_ID ?? '',
    project: io.env.OPENAI_PROJECT_ID ?? '',
    timeoutSeconds: options.timeoutSeconds,
    maxRetries: 2,
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

async function submitBatch({ loaded, io, batchContext, secrets, withinLimit, options }: SendContext): Promise<number> {
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

async function collectBatch({ io, batchContext, secrets }: SendContext): Promise<number> {
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

async function runDirect({ options, loaded, io, batchContext, secrets, withinLimit }: SendContext): Promise<number> {
  if (!(await withinLimit(loaded.plan.estimateUsd, 'This run'))) return 1;
  const summary = await runAssets({
    ...batchContext,
    plan: loaded.plan,
    concurrency: options.concurrency,
    signal: io.signal ?? new AbortController().signal,
    confirmOverwrite: async (items) => {
      const yes = new Set<number>();
      for (const item of items) {
        const question = `${item.asset.key} was ${item.status === 'modified' ? 'changed on disk since it was made' : 'not made from this manifest'}. Overwrite it?`;
        if (io.ask && (await io.ask(question))) yes.add(item.asset.index);
      }
      return yes;
    },
    confirmDerivedOverwrite: async (items) => {
      const yes = new Set<string>();
      for (const item of items) {
        const question = `${item.derivative.key} was ${item.status === 'modified' ? 'changed on disk since it was made' : 'not made from this manifest'}. Overwrite it?`;
        if (io.ask && (await io.ask(question))) yes.add(item.derivative.key);
      }
      return yes;
    },
    onProgress: ({ done, total, asset, ok }) => io.stdout(`${done}/${total} ${ok ? 'made' : 'failed'} ${asset.key}`),
  });
  const { derived } = summary;
  for (const item of derived.made) io.stdout(`derived ${item.derivative.key}`);
  for (const { item, reason } of derived.failed) io.stderr(`failed: ${item.derivative.key}: ${describeAssetFailure(reason, englishTranslate)}`);
  for (const item of derived.skipped) io.stderr(`skipped: ${item.derivative.key} (changed by hand; run in a terminal to be asked, or delete it)`);
  for (const failure of summary.failed)
    io.stderr(`failed: ${failure.asset.key}: ${redactSecrets(describeAssetFailure(failure.reason, englishTranslate), secrets)}`);
  for (const asset of summary.skipped) io.stderr(`skipped: ${asset.key} (changed by hand; run in a terminal to be asked, or delete it)`);
  for (const asset of summary.cancelled) io.stderr(`cancelled: ${asset.key}`);
  const { generated, unchanged, failed, skipped } = summary;
  io.stdout(
    `Made ${generated.length}, unchanged ${unchanged}, failed ${failed.length}, skipped ${skipped.length}` +
      (loaded.plan.derived.length > 0 ? `; derived ${derived.made.length}, failed ${derived.failed.length}, skipped ${derived.skipped.length}` : '') +
      `; ${formatUsd(summary.costUsd)} in ${(summary.durationMs / 1000).toFixed(1)} s.`,
  );
  const problems = failed.length + skipped.length + summary.cancelled.length + loaded.blocked.length + derived.failed.length + derived.skipped.length;
  return problems > 0 ? 1 : 0;
}

export async function runAssetsCli(argv: readonly string[], io: CliIo): Promise<number> {
  const options = parseCliArgs(argv, io);
  if (typeof options === 'number') return options;
  const loaded = await loadManifest(options, io);
  if (typeof loaded === 'number') return loaded;
  const { plan, lock, blocked } = loaded;

  if (lock.batch && !options.collect)
    io.stdout(`A batch job (${lock.batch.id}, ${Object.keys(lock.batch.assets).length} assets) is pending: collect it with --collect.`);
  const stale = plan.toGenerate;
  const staleDerived = plan.derived.filter((item) => DERIVATIVE_STALE.has(item.status));
  const cost = `${plan.approximate ? 'up to ' : ''}${formatUsd(plan.estimateUsd)}`;
  io.stdout(`${plan.items.length} assets: ${stale.length} to make (estimated ${cost}), ${plan.items.length - stale.length - blocked.length} up to date.`);
  for (const item of stale) io.stdout(`  ${describe(item, options.root)}`);
  if (plan.derived.length > 0) {
    io.stdout(`${plan.derived.length} derivatives: ${staleDerived.length} to make (no API call), ${plan.derived.length - staleDerived.length} up to date.`);
    for (const item of staleDerived) io.stdout(`  ${describeDerivative(item)}`);
  }
  if (options.check) return stale.length + staleDerived.length > 0 || blocked.length > 0 ? 1 : 0;
  if (options.dryRun || (stale.length + staleDerived.length === 0 && !options.collect)) return blocked.length > 0 ? 1 : 0;
  // Only derivatives to make: no request, so no key is needed.
  if (stale.length === 0 && !options.collect && !options.batch) return runDirect(sendContext(options, loaded, io, io.env.OPENAI_API_KEY?.trim() ?? ''));

  const apiKey = io.env.OPENAI_API_KEY?.trim();
  if (!apiKey) {
    io.stderr('OPENAI_API_KEY is not set.');
    return 2;
  }
  const context = sendContext(options, loaded, io, apiKey);
  if (options.batch) return submitBatch(context);
  if (options.collect) return collectBatch(context);
  return runDirect(context);
}
