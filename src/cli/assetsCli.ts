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
import { lineColumn, parseManifest } from '../core/assets/manifestParse';
import { parseLockFile } from '../core/assets/assetLock';
import { planAssets, type AssetStatus, type PlanItem } from '../core/assets/assetPlan';
import { BATCH_DISCOUNT, formatUsd } from '../core/pricing';
import { redactSecrets } from '../core/redact';
import { englishTranslate } from '../core/translate';
import { collectAssetBatch, submitAssetBatch } from '../pipeline/assetBatchRunner';
import { inspectManifestFiles, runAssets } from '../pipeline/assetRunner';
import { readContained, TEXT_FILE_LIMIT } from '../pipeline/containedFiles';
import { describePathProblem } from '../core/containment';
import { DEFAULT_SETTINGS } from '../core/settings';
import { nodeAssetFiles } from '../pipeline/nodeAssetFiles';
import { isoDay } from '../core/modelLifecycle';

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
  -h, --help         this text

The API key is read from OPENAI_API_KEY.`;

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
  return `${item.asset.key}: ${REASONS[item.status]}${detail}`;
}

export async function runAssetsCli(argv: readonly string[], io: CliIo): Promise<number> {
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
  if (
    !manifestArg ||
    positionals.length > 1 ||
    !Number.isInteger(concurrency) ||
    concurrency < 1 ||
    concurrency > 16 ||
    !(timeoutSeconds >= 10) ||
    !(maxCost >= 0)
  ) {
    io.stderr(USAGE);
    return 2;
  }
  const manifestPath = path.resolve(io.cwd, manifestArg).split(path.sep).join('/');
  const root = path
    .resolve(io.cwd, values.root ?? '.')
    .split(path.sep)
    .join('/');
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
  for (const diagnostic of diagnostics) {
    const { line, column } = lineColumn(text, diagnostic.offset);
    io.stderr(`${manifestArg}:${line}:${column}: ${diagnostic.severity}: ${diagnostic.message}`);
  }
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
    const { line, column } = lineColumn(text, problem.offset);
    const written = problem.asset.places.find((place) => place.offset === problem.offset)?.written;
    io.stderr(`${manifestArg}:${line}:${column}: error: ${describePathProblem(problem, englishTranslate, written)}`);
  }
  if (inspected.problems.length > 0) return 2;
  const plan = planAssets(manifest, lock, (file) => inspected.hashes.get(file));
  const blocked = plan.items.filter((item) => item.status === 'input-missing');
  for (const item of blocked) io.stderr(`error: ${describe(item, root)}`);

  if (lock.batch && !values.collect)
    io.stdout(`A batch job (${lock.batch.id}, ${Object.keys(lock.batch.assets).length} assets) is pending: collect it with --collect.`);
  const stale = plan.toGenerate;
  const cost = `${plan.approximate ? 'up to ' : ''}${formatUsd(plan.estimateUsd)}`;
  io.stdout(`${plan.items.length} assets: ${stale.length} to make (estimated ${cost}), ${plan.items.length - stale.length - blocked.length} up to date.`);
  for (const item of stale) io.stdout(`  ${describe(item, root)}`);
  if (values.check) return stale.length > 0 || blocked.length > 0 ? 1 : 0;
  if (values['dry-run'] || (stale.length === 0 && !values.collect)) return blocked.length > 0 ? 1 : 0;

  const apiKey = io.env.OPENAI_API_KEY?.trim();
  if (!apiKey) {
    io.stderr('OPENAI_API_KEY is not set.');
    return 2;
  }
  const connection: Connection = {
    apiKey,
    baseUrl: values['base-url'] ?? '',
    organization: io.env.OPENAI_ORG_ID ?? '',
    project: io.env.OPENAI_PROJECT_ID ?? '',
    timeoutSeconds,
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
    if (usd <= maxCost) return true;
    const over = `${what} may cost ${formatUsd(usd)}, above --max-cost ${formatUsd(maxCost)}`;
    if (io.ask) return io.ask(`${over}. Go ahead?`);
    io.stderr(`refused: ${over}; nothing was sent. Pass a higher --max-cost to allow it.`);
    return false;
  };
  const batchContext = { manifest, lock, lockPath, root, connection, files: nodeAssetFiles, log, signal: io.signal };
  if (values.batch) {
    const batchUsd = batchRequestFile(plan.toGenerate).submitted.reduce((sum, item) => sum + item.estimateUsd, 0) * BATCH_DISCOUNT;
    if (!(await withinLimit(batchUsd, 'This batch job'))) return 1;
    const submitted = await submitAssetBatch(batchContext, plan, path.posix.basename(manifestPath));
    for (const { item, reason } of submitted.ok || submitted.reason === 'nothing-to-submit' ? (submitted.request?.excluded ?? []) : []) {
      io.stderr(
        `not in the batch: ${item.asset.key} (${reason === 'edit' ? 'an edit: run without --batch' : reason === 'needs-confirmation' ? 'changed by hand' : reason === 'no-batch' ? 'its model is not offered through the Batch API' : 'invalid settings'})`,
      );
    }
    if (submitted.ok) {
      io.stdout(
        `Submitted batch ${submitted.batchId} with ${submitted.request.submitted.length} assets (estimated ${formatUsd(submitted.request.submitted.reduce((sum, item) => sum + item.estimateUsd, 0) * BATCH_DISCOUNT)}). Collect it with --collect.`,
      );
      return 0;
    }
    if (submitted.reason === 'failed')
      io.stderr(`The batch could not be submitted: ${redactSecrets(submitted.failure.detail ?? submitted.failure.kind, secrets)}`);
    else if (submitted.reason === 'already-pending') io.stderr('A batch job is already pending: collect it first (--collect).');
    else io.stderr('Nothing to submit as a batch.');
    return 1;
  }
  if (values.collect) {
    const collected = await collectAssetBatch(batchContext);
    if (collected.state === 'none') {
      io.stdout('No batch job is pending.');
      return 0;
    }
    if (collected.state === 'pending') {
      const counts = collected.batch.request_counts;
      io.stdout(
        `Batch ${collected.batch.id} is ${collected.batch.status}${counts ? ` (${counts.completed + counts.failed} of ${counts.total} done)` : ''}; try again later.`,
      );
      return 0;
    }
    if (collected.state === 'failed') {
      io.stderr(`Could not collect the batch: ${redactSecrets(collected.failure.detail ?? collected.failure.kind, secrets)}`);
      return 1;
    }
    for (const failure of collected.failed) io.stderr(`failed: ${failure.key}: ${redactSecrets(failure.reason, secrets)}`);
    for (const key of collected.skipped) io.stderr(`skipped: ${key} (changed on disk since the batch was submitted)`);
    io.stdout(
      `Batch ${collected.batch.id} ${collected.batch.status}: wrote ${collected.written.length}, failed ${collected.failed.length}, skipped ${collected.skipped.length}; ${formatUsd(collected.costUsd)}.`,
    );
    return collected.failed.length + collected.skipped.length > 0 ? 1 : 0;
  }
  if (!(await withinLimit(plan.estimateUsd, 'This run'))) return 1;
  const summary = await runAssets({
    manifest,
    plan,
    lock,
    lockPath,
    root,
    connection,
    files: nodeAssetFiles,
    concurrency,
    signal: io.signal ?? new AbortController().signal,
    log,
    confirmOverwrite: async (items) => {
      const yes = new Set<number>();
      for (const item of items) {
        const question = `${item.asset.key} was ${item.status === 'modified' ? 'changed on disk since it was made' : 'not made from this manifest'}. Overwrite it?`;
        if (io.ask && (await io.ask(question))) yes.add(item.asset.index);
      }
      return yes;
    },
    onProgress: ({ done, total, asset, ok }) => io.stdout(`${done}/${total} ${ok ? 'made' : 'failed'} ${asset.key}`),
  });

  for (const failure of summary.failed) io.stderr(`failed: ${failure.asset.key}: ${redactSecrets(failure.reason, secrets)}`);
  for (const asset of summary.skipped) io.stderr(`skipped: ${asset.key} (changed by hand; run in a terminal to be asked, or delete it)`);
  for (const asset of summary.cancelled) io.stderr(`cancelled: ${asset.key}`);
  io.stdout(
    `Made ${summary.generated.length}, unchanged ${summary.unchanged}, failed ${summary.failed.length}, skipped ${summary.skipped.length}; ${formatUsd(summary.costUsd)} in ${(summary.durationMs / 1000).toFixed(1)} s.`,
  );
  return summary.failed.length + summary.skipped.length + summary.cancelled.length + blocked.length > 0 ? 1 : 0;
}
