/**
 * 1. Request overhead: the extension's generate pipeline (plan, API call, byte checks, recipe, no-overwrite
 * write, result ready) against a bare openai SDK call + writeFile, both against the fake API answering in
 * 200 ms with a realistic 1024x1024 PNG. Interleaved, so drift on a noisy machine hits both alike.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import OpenAI from 'openai';
import { planGenerate } from '../src/core/requestPlan';
import { DEFAULT_SETTINGS } from '../src/core/settings';
import { nodeTargetFolder } from '../src/pipeline/nodeTargetFolder';
import { runImageJob } from '../src/pipeline/runImageJob';
import { FAKE_API_KEY, startFakeImagesServer } from '../test/fakeServer/fakeImagesServer';
import { median, noisePng, tempDir, timed, type Row } from './support';
import { DEFAULT_MODEL } from '../src/core/modelCatalogue';

const RUNS = 15;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

export async function requestOverhead(): Promise<Row> {
  const server = await startFakeImagesServer();
  server.delayMs = 200;
  server.fixedImages.png = await noisePng(1024, 700); // about 2.8 MB, like a detailed real answer
  const dir = await tempDir('overhead');
  const settings = { ...DEFAULT_SETTINGS, size: '1024x1024', quality: 'low' as const };
  const connection = { apiKey: FAKE_API_KEY, baseUrl: server.baseUrl, organization: '', project: '', timeoutSeconds: 60, maxRetries: 0 };
  const bare = new OpenAI({ apiKey: FAKE_API_KEY, baseURL: server.baseUrl, maxRetries: 0, logLevel: 'off' });
  const extension: number[] = [];
  const baseline: number[] = [];
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      const pipeline = await timed(async () => {
        const plan = planGenerate('a lighthouse', settings);
        if (!plan.ok) throw new Error('plan');
        const outcome = await runImageJob({
          request: { kind: 'generate', body: plan.body },
          connection,
          folder: nodeTargetFolder(dir),
          stem: `ext-${i}`,
          signal: new AbortController().signal,
          log: quiet,
        });
        if (!outcome.ok) throw new Error(outcome.failure.kind);
      });
      const sdk = await timed(async () => {
        const response = await bare.images.generate({
          model: DEFAULT_MODEL,
          prompt: 'a lighthouse',
          n: 1,
          size: '1024x1024',
          quality: 'low',
          output_format: 'png',
        });
        await fs.writeFile(path.join(dir, `bare-${i}.png`), Buffer.from(response.data![0]!.b64_json!, 'base64'));
      });
      // The first of each warms up connections and JIT.
      if (i > 0) {
        extension.push(pipeline.ms);
        baseline.push(sdk.ms);
      }
    }
  } finally {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
  const ratio = median(extension) / median(baseline);
  return {
    benchmark: '1. Request overhead (median of 15, 200 ms API, 2.8 MB PNG)',
    measured: `${median(extension).toFixed(1)} ms`,
    baseline: `${median(baseline).toFixed(1)} ms (bare SDK + writeFile)`,
    ratio,
    target: '<= 1.03',
    met: ratio <= 1.03,
  };
}
