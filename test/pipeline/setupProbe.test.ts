/** "Check Setup" against the fake API: what each fault looks like in the report. */
import * as assert from 'node:assert/strict';
import type { Connection } from '../../src/api/imagesClient';
import { probeImage, probeModel } from '../../src/api/setupProbe';
import { lifecycleOn } from '../../src/core/modelLifecycle';
import { describeSetup, lookupUnconfirmed } from '../../src/core/setupReport';
import { englishTranslate as t } from '../../src/core/translate';
import {
  FAKE_API_KEY,
  FAKE_ORGANIZATION,
  FAKE_PROJECT,
  FAKE_TODAY,
  errorBody,
  startFakeImagesServer,
  type FakeImagesServer,
} from '../fakeServer/fakeImagesServer';

describe('Check Setup against the fake Images API', () => {
  let server: FakeImagesServer;
  beforeEach(async () => (server = await startFakeImagesServer()));
  afterEach(() => server.close());

  const connection = (overrides: Partial<Connection> = {}): Connection => ({
    apiKey: FAKE_API_KEY,
    baseUrl: server.baseUrl,
    organization: '',
    project: '',
    timeoutSeconds: 20,
    maxRetries: 0,
    ...overrides,
  });
  const signal = () => new AbortController().signal;
  const host = () => new URL(server.baseUrl).host;

  it('all well: names the organization and project, and the test image succeeds', async () => {
    const modelProbe = await probeModel(connection(), 'gpt-image-2.6-sunburst', signal());
    assert.deepEqual(modelProbe, { ok: true, organization: FAKE_ORGANIZATION, project: FAKE_PROJECT });
    assert.equal(server.lookups[0]!.method, 'GET');
    assert.equal(server.lookups[0]!.path, '/v1/models/gpt-image-2.6-sunburst');
    const imageProbe = await probeImage(connection(), 'gpt-image-2.6-sunburst', signal());
    assert.deepEqual(imageProbe, { ok: true });
    assert.equal(server.requests[0]!.fields.quality, 'low', 'the test image is the cheap kind');
    const report = describeSetup(
      { keySource: 'storage', model: 'gpt-image-2.6-sunburst', lifecycle: { state: 'active' }, host: host(), modelProbe, imageProbe },
      t,
    );
    assert.equal(report.ok, true);
    assert.ok(report.lines.includes(`Organization: ${FAKE_ORGANIZATION}`));
    assert.ok(report.lines.includes(`Project: ${FAKE_PROJECT}`));
  });

  it('no key: says so and offers to set one, without calling the API', () => {
    const report = describeSetup({ keySource: 'none', model: 'gpt-image-2.6-sunburst', lifecycle: { state: 'active' }, host: 'api.openai.com' }, t);
    assert.deepEqual(report, { ok: false, lines: ['✗ No API key is set.'], actions: ['setApiKey'] });
  });

  it('bad key', async () => {
    const modelProbe = await probeModel(connection({ apiKey: 'sk-wrong-0123456789' }), 'gpt-image-2.6-sunburst', signal());
    const report = describeSetup({ keySource: 'storage', model: 'gpt-image-2.6-sunburst', lifecycle: { state: 'active' }, host: host(), modelProbe }, t);
    assert.equal(report.ok, false);
    assert.match(report.lines.at(-1)!, /key was refused/);
    assert.ok(report.actions.includes('setApiKey'));
    assert.ok(!JSON.stringify(report).includes('sk-wrong-0123456789'));
  });

  it('no access to a model the catalogue does not know', async () => {
    const modelProbe = await probeModel(connection(), 'gpt-image-9-nova', signal());
    const report = describeSetup(
      { keySource: 'environment', model: 'gpt-image-9-nova', lifecycle: lifecycleOn('gpt-image-9-nova', FAKE_TODAY), host: host(), modelProbe },
      t,
    );
    assert.match(report.lines[0]!, /OPENAI_API_KEY/);
    assert.match(report.lines.at(-1)!, /no access to gpt-image-9-nova/);
    assert.equal(report.ok, false);
  });

  it('a 404 lookup of a live model is "could not confirm", and the test image decides', async () => {
    // At the GPT Image 2.5 launch the lookup answered 404 for a while although generation worked.
    server.lookupMissing = ['gpt-image-2.5-flare'];
    try {
      const modelProbe = await probeModel(connection(), 'gpt-image-2.5-flare', signal());
      assert.equal(modelProbe.failure?.kind, 'model-not-found');
      const findings = {
        keySource: 'storage' as const,
        model: 'gpt-image-2.5-flare',
        lifecycle: lifecycleOn('gpt-image-2.5-flare', FAKE_TODAY),
        host: host(),
        modelProbe,
      };
      assert.equal(lookupUnconfirmed(findings), true);
      const unchecked = describeSetup(findings, t);
      assert.ok(
        unchecked.lines.some((line) => /Could not confirm access to gpt-image-2\.5-flare/.test(line)),
        unchecked.lines.join('\n'),
      );
      assert.equal(unchecked.ok, false, 'not ready until an image was made');
      const imageProbe = await probeImage(connection(), 'gpt-image-2.5-flare', signal());
      const report = describeSetup({ ...findings, imageProbe }, t);
      assert.equal(report.ok, true);
      assert.match(report.lines.at(-1)!, /A test image was generated/);
    } finally {
      server.lookupMissing = [];
    }
  });

  it('reports the shutdown date the API gives, and a shut-down model without calling it', async () => {
    // On 2026-11-22 the fake still serves gpt-image-1.5, with its announced shutdown.
    const early = await startFakeImagesServer({ today: '2026-11-22' });
    try {
      const modelProbe = await probeModel({ ...connection(), baseUrl: early.baseUrl }, 'gpt-image-1.5', signal());
      assert.equal(modelProbe.shutdownDate, '2026-12-01');
      const report = describeSetup(
        { keySource: 'storage', model: 'gpt-image-1.5', lifecycle: lifecycleOn('gpt-image-1.5', '2026-11-22'), host: host(), modelProbe },
        t,
      );
      assert.ok(report.lines.includes('! OpenAI shuts gpt-image-1.5 down on 2026-12-01; its successor is gpt-image-2.6-sunburst.'), report.lines.join('\n'));
    } finally {
      await early.close();
    }
    const after = describeSetup({ keySource: 'storage', model: 'gpt-image-1.5', lifecycle: lifecycleOn('gpt-image-1.5', FAKE_TODAY), host: host() }, t);
    assert.deepEqual(after, {
      ok: false,
      lines: ['✗ gpt-image-1.5 was shut down on 2026-12-01; set openaiImages.model to its successor gpt-image-2.6-sunburst.'],
      actions: ['openSettings'],
    });
  });

  it('organization not verified: found by the test image', async () => {
    server.script({ status: 403, body: errorBody('Your organization must be verified to use the model `gpt-image-2.6-sunburst`.') });
    const modelProbe = await probeModel(connection(), 'gpt-image-2.6-sunburst', signal());
    assert.equal(modelProbe.ok, true);
    const imageProbe = await probeImage(connection(), 'gpt-image-2.6-sunburst', signal());
    const report = describeSetup(
      { keySource: 'storage', model: 'gpt-image-2.6-sunburst', lifecycle: { state: 'active' }, host: host(), modelProbe, imageProbe },
      t,
    );
    assert.equal(report.ok, false);
    assert.match(report.lines.at(-1)!, /must be verified to use gpt-image-2\.6-sunburst/);
    assert.ok(report.actions.includes('openVerification'));
  });

  it('no network', async () => {
    const closed = await startFakeImagesServer();
    const baseUrl = closed.baseUrl;
    await closed.close();
    const modelProbe = await probeModel(connection({ baseUrl }), 'gpt-image-2.6-sunburst', signal());
    const report = describeSetup(
      { keySource: 'storage', model: 'gpt-image-2.6-sunburst', lifecycle: { state: 'active' }, host: new URL(baseUrl).host, modelProbe },
      t,
    );
    assert.match(report.lines.at(-1)!, /could not be reached/);
  });

  it('skipped test image: says what was not checked', async () => {
    const modelProbe = await probeModel(connection(), 'gpt-image-2.6-sunburst', signal());
    const report = describeSetup({ keySource: 'storage', model: 'gpt-image-2.6-sunburst', lifecycle: { state: 'active' }, host: host(), modelProbe }, t);
    assert.equal(report.ok, true);
    assert.match(report.lines.at(-1)!, /not tried/);
  });
});
