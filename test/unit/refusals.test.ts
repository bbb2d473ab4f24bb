/** What the API refused for a model is learned per control and value, for a while, and forgotten once disproved. */
import * as assert from 'node:assert/strict';
import { forgetRefusals, knownRefusal, learnRefusal, REFUSAL_MEMORY_DAYS, valueOf, type LearnedRefusal } from '../../src/core/refusals';

const refusal: LearnedRefusal = {
  model: 'gpt-image-2.6-sunburst',
  param: 'quality',
  value: 'xhigh',
  message: "Invalid value: 'xhigh'. Supported values are: 'low', 'medium', 'high' and 'auto'.",
  on: '2026-12-01',
};

describe('refusals the API taught', () => {
  it('learns controls only: never the prompt, the images or the model', () => {
    const body = { prompt: 'a fox', model: 'm', quality: 'xhigh', image: [{ bytes: new Uint8Array(1) }], markup: { bytes: new Uint8Array(1) }, n: 2 };
    assert.equal(valueOf(body, 'quality'), 'xhigh');
    assert.equal(valueOf(body, 'n'), '2');
    assert.equal(valueOf(body, 'markup'), 'set');
    for (const param of ['prompt', 'image', 'images[0].image_url', 'model', 'size']) assert.equal(valueOf(body, param), undefined, param);
  });

  it('explains the same model and value at once, for a while; another value or model is sent', () => {
    const list = learnRefusal([], refusal);
    assert.deepEqual(knownRefusal(list, refusal.model, { quality: 'xhigh' }, '2026-12-02'), refusal);
    assert.equal(knownRefusal(list, refusal.model, { quality: 'high' }, '2026-12-02'), undefined);
    assert.equal(knownRefusal(list, 'gpt-image-2.5-sunburst', { quality: 'xhigh' }, '2026-12-02'), undefined);
    const later = new Date(Date.parse('2026-12-01T00:00:00Z') + (REFUSAL_MEMORY_DAYS + 1) * 86_400_000).toISOString().slice(0, 10);
    assert.equal(knownRefusal(list, refusal.model, { quality: 'xhigh' }, later), undefined, 'the API may have changed since');
  });

  it('a request that succeeds with the value forgets the refusal; learning it again replaces the old one', () => {
    const list = learnRefusal(learnRefusal([], refusal), { ...refusal, on: '2026-12-05' });
    assert.equal(list.length, 1);
    assert.deepEqual(forgetRefusals(list, refusal.model, { quality: 'xhigh' }), []);
    assert.equal(forgetRefusals(list, refusal.model, { quality: 'low' }).length, 1);
  });
});
