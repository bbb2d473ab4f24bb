/**
 * `openai-images-assets <manifest> [--check] [--dry-run] [--candidates N] ...` and `openai-images-assets choose
 * <manifest> <out> <n>`: the manifest's stale assets, made from the command line with the same core as the extension. The key
 * comes from OPENAI_API_KEY (AZURE_OPENAI_API_KEY with --provider azure); nothing else is read from the environment. Exit codes: 0 all up to date (or
 * made), 1 stale or missing an "auto" alt text (--check) or a failure, 2 a usage or manifest error.
 */
import { altTextsWanted } from '../core/assets/assetAlt';
import { DERIVATIVE_STALE } from '../core/assets/derivativePlan';
import { formatUsd } from '../core/pricing';
import { PROVIDER_CAPABILITIES } from '../core/providers';
import { describe, describeDerivative, loadManifest } from './assetsCliManifest';
import { parseCliArgs, type CliIo } from './assetsCliOptions';
import { runChoose } from './assetsCliChoose';
import { collectBatch, runDirect, sendContext, submitBatch } from './assetsCliSend';

export type { CliIo } from './assetsCliOptions';

export async function runAssetsCli(argv: readonly string[], io: CliIo): Promise<number> {
  const options = parseCliArgs(argv, io);
  if (typeof options === 'number') return options;
  const loaded = await loadManifest(options, io);
  if (typeof loaded === 'number') return loaded;
  const { plan, lock, blocked } = loaded;
  if (options.choose) return runChoose(options, loaded, io);

  if (lock.batch && !options.collect)
    io.stdout(`A batch job (${lock.batch.id}, ${Object.keys(lock.batch.assets).length} assets) is pending: collect it with --collect.`);
  const stale = plan.toGenerate;
  const staleDerived = plan.derived.filter((item) => DERIVATIVE_STALE.has(item.status));
  const known = `${plan.approximate ? 'up to ' : ''}${formatUsd(plan.estimateUsd)}`;
  // A compatible server's model with no declared price: said, never shown as free.
  const cost = plan.unknownCost ? (plan.estimateUsd > 0 ? `${known} plus an unknown cost` : 'cost unknown') : known;
  io.stdout(`${plan.items.length} assets: ${stale.length} to make (estimated ${cost}), ${plan.items.length - stale.length - blocked.length} up to date.`);
  for (const item of stale) io.stdout(`  ${describe(item, options.root)}`);
  if (plan.derived.length > 0) {
    io.stdout(`${plan.derived.length} derivatives: ${staleDerived.length} to make (no API call), ${plan.derived.length - staleDerived.length} up to date.`);
    for (const item of staleDerived) io.stdout(`  ${describeDerivative(item)}`);
  }
  // A check never calls a model: an "auto" alt text is either in the lock for the file as it is, or missing.
  const undescribed = altTextsWanted(plan, lock);
  if (undescribed.length > 0) {
    io.stdout(
      `${undescribed.length} assets want alt text ("alt": "auto") the lock does not record: make them in VS Code (Generate Assets describes them with its language model), then commit the lock.`,
    );
    for (const item of undescribed) io.stdout(`  ${item.asset.key}: no description`);
  }
  if (options.check) return stale.length + staleDerived.length + undescribed.length > 0 || blocked.length > 0 ? 1 : 0;
  if (options.dryRun || (stale.length + staleDerived.length === 0 && !options.collect)) return blocked.length > 0 ? 1 : 0;
  // Only derivatives to make: no request, so no key is needed.
  const provider = options.azure ? 'azure' : 'openai';
  if ((options.batch || options.collect) && !PROVIDER_CAPABILITIES[provider].imageBatches) {
    io.stderr(
      `--batch and --collect are not offered with --provider ${provider}: Azure runs batches on global batch deployments of their own. Run without them.`,
    );
    return 2;
  }
  const keyEnvironment = PROVIDER_CAPABILITIES[provider].keyEnvironment;
  if (stale.length === 0 && !options.collect && !options.batch) return runDirect(sendContext(options, loaded, io, io.env[keyEnvironment]?.trim() ?? ''));

  const apiKey = io.env[keyEnvironment]?.trim();
  if (!apiKey) {
    io.stderr(`${keyEnvironment} is not set.`);
    return 2;
  }
  const context = sendContext(options, loaded, io, apiKey);
  if (options.batch) return submitBatch(context);
  if (options.collect) return collectBatch(context);
  return runDirect(context);
}
