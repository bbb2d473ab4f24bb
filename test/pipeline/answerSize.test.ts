/**
 * An answer larger than any answer to the request can be (a broken or hostile endpoint) is cut off as it is read:
 * memory stays bounded, it is an unexpected answer, not a dropped connection, and it is not sent again.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { answerLimit } from '../../src/api/imagesClient';
import { planGenerate } from '../../src/core/requestPlan';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { nodeTargetFolder } from '../../src/pipeline/nodeTargetFolder';
import { runImageJob } from '../../src/pipeline/runImageJob';
import { collectingLog } from '../support/collectingLog';

describe('answers larger than the request can be answered with', function () {
  this.timeout(60_000);
  let server: http.Server;
  let requests = 0;
  let declare = false;
  let dir: string;
  const limit = answerLimit(1);

  before(async () => {
    server = http.createServer((_request, response) => {
      requests++;
      const chunk = Buffer.alloc(1024 * 1024, 0x41);
      const total = Math.ceil(limit / chunk.length) + 8;
      response.writeHead(200, { 'content-type': 'application/json', ...(declare ? { 'content-length': String(total * chunk.length + 14) } : {}) });
      response.write('{"data":[{"b64_json":"');
      let sent = 0;
      const pump = () => {
        while (sent < total) {
          sent++;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        response.end('"}]}');
      };
      response.on('error', () => undefined);
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(async () => {
    requests = 0;
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'openai-images-answer-size-'));
  });
  afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

  for (const declared of [false, true]) {
    it(`is refused after ${declared ? 'its declared length' : 'reading past the limit'}, once, and nothing is written`, async () => {
      declare = declared;
      const plan = planGenerate('a fox', { ...DEFAULT_SETTINGS, partialImages: 0 });
      assert.ok(plan.ok);
      const { port } = server.address() as AddressInfo;
      const outcome = await runImageJob({
        request: { kind: 'generate', body: plan.body },
        connection: {
          apiKey: 'sk-test-answer-size-0000',
          baseUrl: `http://127.0.0.1:${port}/v1`,
          organization: '',
          project: '',
          timeoutSeconds: 60,
          maxRetries: 2,
        },
        folder: nodeTargetFolder(dir),
        stem: 'fox',
        signal: new AbortController().signal,
        log: collectingLog(),
      });
      assert.ok(!outcome.ok);
      assert.equal(outcome.failure.kind, 'unexpected-output', JSON.stringify(outcome.failure));
      assert.match(outcome.failure.detail ?? '', /larger than \d+ MiB/);
      assert.equal(requests, 1, 'not sent again');
      assert.deepEqual(await fs.readdir(dir), []);
    });
  }
});
