/** "Check Setup" against the fake API: what each fault looks like in the report. */
import * as assert from 'node:assert/strict';
import type { Connection } from '../../src/api/imagesClient';
import { probeImage, probeModel } from '../../src/api/setupProbe';
import { describeSetup } from '../../src/core/setupReport';
import { englishTranslate as t } from '../../src/core/translate';
import { FAKE_API_KEY, FAKE_ORGANIZATION, FAKE_PROJECT, errorBody, startFakeImagesServer, type FakeImagesServer } from '../fakeServer/fakeImagesServer';

describe('Check Setup against the fake Images API', () => {
  let server: FakeImagesServer;
  beforeEach(async () => (server = await startFakeImagesServer()));
  afterEach(() => server.close());

  const connection = (overrides: Partial<Connection> = {}): Connection => ({
    apiKey: FAKE_API_KEY, baseUrl: server.baseUrl, organization: '', project: '', timeoutSeconds: 20, maxRetries: 0, ...overrides,
  });
  const signal = () => new AbortController().signal;
  const host = () => new URL(server.baseUrl).host;

  it('all well: names the organization and project, and the test image succeeds', async () => {
    const modelProbe = await probeModel(connection(), 'gpt-image-1.5', signal());
    assert.deepEqual(modelProbe, { ok: true, organization: FAKE_ORGANIZATION, project: FAKE_PROJECT });
    assert.equal(server.requests[0]!.method, 'GET');
    assert.equal(server.requests[0]!.path, '/v1/models/gpt-image-1.5');
    const imageProbe = await probeImage(connection(), 'gpt-image-1.5', signal());
    assert.deepEqual(imageProbe, { ok: true });
    assert.equal(server.requests[1]!.fields.quality, 'low', 'the test image is the cheap kind');
    const report = describeSetup({ keySource: 'storage', model: 'gpt-image-1.5', host: host(), modelProbe, imageProbe }, t);
    assert.equal(report.ok, true);
    assert.ok(report.lines.includes(`Organization: ${FAKE_ORGANIZATION}`));
    assert.ok(report.lines.includes(`Project: ${FAKE_PROJECT}`));
  });

  it('no key: says so and offers to set one, without calling the API', () => {
    const report = describeSetup({ keySource: 'none', model: 'gpt-image-1.5', host: 'api.openai.com' }, t);
    assert.deepEqual(report, { ok: false, lines: ['✗ No API key is set.'], actions: ['setApiKey'] });
  });

  it('bad key', async () => {
    const modelProbe = await probeModel(connection({ apiKey: 'sk-wrong-0123456789' }), 'gpt-image-1.5', signal());
    const report = describeSetup({ keySource: 'storage', model: 'gpt-image-1.5', host: host(), modelProbe }, t);
    assert.equal(report.ok, false);
    assert.match(report.lines.at(-1)!, /key was refused/);
    assert.ok(report.actions.includes('setApiKey'));
    assert.ok(!JSON.stringify(report).includes('sk-wrong-0123456789'));
  });

  it('no access to the model', async () => {
    server.script({ status: 404, body: errorBody('The model `gpt-image-2` does not exist or you do not have access to it.', 'model_not_found') });
    const modelProbe = await probeModel(connection(), 'gpt-image-2', signal());
    const report = describeSetup({ keySource: 'environment', model: 'gpt-image-2', host: host(), modelProbe }, t);
    assert.match(report.lines[0]!, /OPENAI_API_KEY/);
    assert.match(report.lines.at(-1)!, /no access to gpt-image-2/);
  });

  it('organization not verified: found by the test image', async () => {
    server.script({}, { status: 403, body: errorBody('Your organization must be verified to use the model `gpt-image-1.5`.') });
    const modelProbe = await probeModel(connection(), 'gpt-image-1.5', signal());
    assert.equal(modelProbe.ok, true);
    const imageProbe = await probeImage(connection(), 'gpt-image-1.5', signal());
    const report = describeSetup({ keySource: 'storage', model: 'gpt-image-1.5', host: host(), modelProbe, imageProbe }, t);
    assert.equal(report.ok, false);
    assert.match(report.lines.at(-1)!, /must be verified to use gpt-image-1\.5/);
    assert.ok(report.actions.includes('openVerification'));
  });

  it('no network', async () => {
    const closed = await startFakeImagesServer();
    const baseUrl = closed.baseUrl;
    await closed.close();
    const modelProbe = await probeModel(connection({ baseUrl }), 'gpt-image-1.5', signal());
    const report = describeSetup({ keySource: 'storage', model: 'gpt-image-1.5', host: new URL(baseUrl).host, modelProbe }, t);
    assert.match(report.lines.at(-1)!, /could not be reached/);
  });

  it('skipped test image: says what was not checked', async () => {
    const modelProbe = await probeModel(connection(), 'gpt-image-1.5', signal());
    const report = describeSetup({ keySource: 'storage', model: 'gpt-image-1.5', host: host(), modelProbe }, t);
    assert.equal(report.ok, true);
    assert.match(report.lines.at(-1)!, /not tried/);
  });
});
