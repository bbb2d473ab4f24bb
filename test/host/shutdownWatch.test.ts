/**
 * A shutdown OpenAI announces after a release reaches the user: the API's `shutdown_date` (read once a day, in the
 * background) is warned about and offers the switch like a shutdown the catalogue knows, and a model it names as
 * shut down sends nothing.
 */
import * as assert from 'node:assert/strict';
import { ModelRetirement } from '../../src/features/requests/modelRetirement';
import { ShutdownWatch } from '../../src/features/requests/shutdownWatch';
import { Logger } from '../../src/platform/logger';
import { FAKE_API_KEY, startFakeImagesServer, type FakeImagesServer } from '../fakeServer/fakeImagesServer';
import { memoryMemento } from '../support/entries';
import { recorded, resetStandIn } from './vscodeStandIn';

describe('host: shutdowns learned from the API', () => {
  let fake: FakeImagesServer;
  beforeEach(async () => {
    resetStandIn();
    fake = await startFakeImagesServer({ today: '2026-12-15' });
  });
  afterEach(() => fake.close());

  const connection = () => ({ apiKey: FAKE_API_KEY, baseUrl: fake.baseUrl, organization: '', project: '', timeoutSeconds: 20, maxRetries: 0 });
  const lookups = () => fake.lookups.filter((request) => request.path === '/v1/models/gpt-image-2').length;

  it('warns of a shutdown only the API announced, with the successor of its lane, and reads the API once a day', async () => {
    fake.announcedShutdowns['gpt-image-2'] = '2026-12-25';
    const state = memoryMemento();
    const log = new Logger('test');
    const watch = new ShutdownWatch(state, log, () => '2026-12-15');
    await watch.check('gpt-image-2', connection());
    await watch.check('gpt-image-2', connection());
    assert.equal(lookups(), 1, 'once a day, not once a request');
    assert.deepEqual([...watch.learned()], [['gpt-image-2', '2026-12-25']]);

    const retirement = new ModelRetirement(
      state,
      log,
      () => '2026-12-15',
      () => watch.learned(),
    );
    assert.equal(
      retirement.beforeSend('gpt-image-2', { kind: 'settings' }, async () => undefined),
      true,
      'it still works for ten days',
    );
    await new Promise((resolve) => setImmediate(resolve));
    const warning = recorded.shown.find((shown) => shown.kind === 'warning');
    assert.equal(
      warning?.message,
      'gpt-image-2 shuts down on 2026-12-25 (10 days from now); requests with it will fail from then on. Its successor is gpt-image-2.6-sunburst.',
    );
    assert.deepEqual(warning?.items, ['Switch to gpt-image-2.6-sunburst']);

    // After the day: the API refuses it, and the extension sends nothing and offers the successor.
    fake.today = '2026-12-26';
    const later = new ShutdownWatch(state, log, () => '2026-12-26');
    await later.check('gpt-image-2', connection());
    assert.equal(lookups(), 2, 'asked again on a new day');
    const after = new ModelRetirement(
      state,
      log,
      () => '2026-12-26',
      () => later.learned(),
    );
    assert.equal(
      after.beforeSend('gpt-image-2', { kind: 'settings' }, async () => undefined),
      false,
    );
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(
      recorded.shown.some(
        (shown) =>
          shown.kind === 'error' && shown.message === 'gpt-image-2 was shut down on 2026-12-25, so nothing was sent. Its successor is gpt-image-2.6-sunburst.',
      ),
      recorded.shown.map((shown) => shown.message).join('\n'),
    );
  });

  it('learns nothing from a lookup that fails, and does not get in the way', async () => {
    fake.lookupMissing.push('gpt-image-2');
    const watch = new ShutdownWatch(memoryMemento(), new Logger('test'), () => '2026-12-15');
    await watch.check('gpt-image-2', connection());
    assert.deepEqual([...watch.learned()], []);
    assert.equal(
      new ModelRetirement(
        memoryMemento(),
        new Logger('test'),
        () => '2026-12-15',
        () => watch.learned(),
      ).beforeSend('gpt-image-2', { kind: 'settings' }, async () => undefined),
      true,
    );
  });
});
