/** Never paying twice: which calls are one call, and how long an answer is handed to repeats. */
import * as assert from 'node:assert/strict';
import { callKey, RepeatedCalls, REPEAT_WINDOW_MS } from '../../src/core/repeatedCalls';

describe('repeated agent calls', () => {
  it('one key for the same tool, arguments (in any order) and roots; another for anything else', () => {
    const key = callKey('generate_image', { prompt: 'a', quality: 'high' }, ['/w', '/v']);
    assert.equal(callKey('generate_image', { quality: 'high', prompt: 'a', path: undefined }, ['/v', '/w']), key);
    assert.notEqual(callKey('generate_image', { prompt: 'a', quality: 'low' }, ['/w', '/v']), key);
    assert.notEqual(callKey('edit_image', { prompt: 'a', quality: 'high' }, ['/w', '/v']), key);
    assert.notEqual(callKey('generate_image', { prompt: 'a', quality: 'high' }, ['/w']), key);
  });

  it('hands a success to repeats within the window, not after it; a failure is never handed on', async () => {
    let now = 0;
    const calls = new RepeatedCalls<{ ok: boolean; n: number }>(
      (answer) => answer.ok,
      () => now,
    );
    let made = 0;
    const work = (ok: boolean) => async () => ({ ok, n: ++made });
    assert.deepEqual(await calls.run('k', work(true)), { answer: { ok: true, n: 1 } });
    now = REPEAT_WINDOW_MS;
    assert.deepEqual(await calls.run('k', work(true)), { answer: { ok: true, n: 1 }, repeat: { ageMs: REPEAT_WINDOW_MS, running: false } });
    now = 2 * REPEAT_WINDOW_MS + 1;
    assert.equal((await calls.run('k', work(true))).answer.n, 2, 'past the window: sent again');
    assert.equal((await calls.run('f', work(false))).answer.n, 3);
    assert.equal((await calls.run('f', work(false))).answer.n, 4, 'a failure is tried again');
  });

  it('a repeat of a call still running waits for it', async () => {
    const calls = new RepeatedCalls<string>(() => true);
    let release!: (value: string) => void;
    const first = calls.run('k', () => new Promise<string>((resolve) => (release = resolve)));
    const second = calls.run('k', async () => 'sent twice');
    release('the image');
    assert.deepEqual((await first).answer, 'the image');
    const repeated = await second;
    assert.equal(repeated.answer, 'the image');
    assert.equal(repeated.repeat?.running, true);
  });
});
