/**
 * One large edit in a fresh process, so its peak memory is its own: `pipeline` (the extension's edit path)
 * or `bare` (the openai SDK with toFile + writeFile). Prints {"ms":..,"maxRssMb":..} on stdout.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import OpenAI, { toFile } from 'openai';
import { planEdit } from '../src/core/requestPlan';
import { DEFAULT_SETTINGS } from '../src/core/settings';
import { nodeTargetFolder } from '../src/pipeline/nodeTargetFolder';
import { runImageJob } from '../src/pipeline/runImageJob';
import { FAKE_API_KEY } from '../test/fakeServer/fakeImagesServer';
import { DEFAULT_MODEL } from '../src/core/modelCatalogue';

async function main(): Promise<void> {
  const [variant, baseUrl, outDir, ...inputs] = process.argv.slice(2);
  if (!variant || !baseUrl || !outDir || inputs.length === 0) throw new Error('usage: variant baseUrl outDir inputs...');
  const started = performance.now();
  if (variant === 'pipeline') {
    const images = await Promise.all(inputs.map(async (file) => ({ name: path.basename(file), bytes: await fs.readFile(file) })));
    const plan = planEdit('make it warmer', images, undefined, { ...DEFAULT_SETTINGS, size: '1024x1024', quality: 'low' });
    if (!plan.ok) throw new Error(JSON.stringify(plan.problems));
    const connection = { apiKey: FAKE_API_KEY, baseUrl, organization: '', project: '', timeoutSeconds: 300, maxRetries: 0 };
    const outcome = await runImageJob({
      request: { kind: 'edit', body: plan.body },
      connection,
      folder: nodeTargetFolder(outDir),
      stem: 'pipeline',
      signal: new AbortController().signal,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    if (!outcome.ok) throw new Error(outcome.failure.kind);
  } else {
    const client = new OpenAI({ apiKey: FAKE_API_KEY, baseURL: baseUrl, maxRetries: 0, logLevel: 'off' });
    const files = await Promise.all(inputs.map(async (file) => toFile(await fs.readFile(file), path.basename(file), { type: 'image/png' })));
    const response = await client.images.edit({
      model: DEFAULT_MODEL,
      prompt: 'make it warmer',
      image: files.length === 1 ? files[0]! : files,
      size: '1024x1024',
      quality: 'low',
      output_format: 'png',
    });
    await fs.writeFile(path.join(outDir, 'bare.png'), Buffer.from(response.data![0]!.b64_json!, 'base64'));
  }
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

main().catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? error.stack : error));
  process.exitCode = 1;
});
