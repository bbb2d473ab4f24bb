/** A refusal the API gave is explained at once the next time, with the choice to send anyway (a refusal costs nothing). */
import * as assert from 'node:assert/strict';
import { RefusalMemory, refusalText, sendDespite } from '../../src/features/requests/refusalMemory';
import { memoryMemento } from '../support/entries';
import { answers, recorded, resetStandIn } from './vscodeStandIn';

describe('host: refusals the API taught', () => {
  beforeEach(() => resetStandIn());

  it('learns a 400 that names a control, asks before sending it again, and forgets it once it works', async () => {
    const state = memoryMemento();
    const memory = new RefusalMemory(state, () => '2026-12-02');
    const body = { prompt: 'a fox', model: 'gpt-image-2.6-sunburst', quality: 'xhigh' };
    await memory.learn({ kind: 'server', param: 'quality' }, body.model, body);
    assert.equal(memory.known(body.model, body), undefined, 'only a refusal of the request teaches');
    await memory.learn({ kind: 'invalid-request', param: 'quality', detail: "Invalid value: 'xhigh'." }, body.model, body);
    const known = new RefusalMemory(state, () => '2026-12-03').known(body.model, body);
    assert.ok(known, 'kept across windows (global state)');
    assert.equal(
      refusalText(known),
      "OpenAI refused quality xhigh for gpt-image-2.6-sunburst on 2026-12-02: Invalid value: 'xhigh'. Nothing was sent; choose another value.",
    );

    answers.messages.push(undefined);
    assert.equal(await sendDespite(known), false);
    assert.deepEqual(
      recorded.shown.map((shown) => [shown.kind, shown.message, shown.modal, shown.items]),
      [['warning', 'OpenAI refused quality xhigh for gpt-image-2.6-sunburst on 2026-12-02.', true, ['Send Anyway']]],
    );
    answers.messages.push('Send Anyway');
    assert.equal(await sendDespite(known), true);

    await memory.forget(body.model, body);
    assert.equal(memory.known(body.model, body), undefined);
  });
});
