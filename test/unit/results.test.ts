import * as assert from 'node:assert/strict';
import { MAX_RESULTS, ResultsStore, savedResultsSchema, type ResultEntry } from '../../src/core/results';

const entry = (id: string, status: ResultEntry['status'] = 'done'): ResultEntry => ({
  id, status, kind: 'generate', prompt: `prompt ${id}`, model: 'gpt-image-1.5', size: 'auto', quality: 'medium', format: 'png', startedAt: 1, files: [], sources: [],
});

describe('results store', () => {
  it('keeps newest first, updates in place, and is bounded', () => {
    const store = new ResultsStore();
    let changes = 0;
    store.onDidChange(() => changes++);
    store.put(entry('a', 'running'));
    store.put(entry('b'));
    store.put({ ...entry('a'), files: ['file:///x.png'] });
    assert.deepEqual(store.all().map((e) => [e.id, e.status]), [['b', 'done'], ['a', 'done']]);
    assert.equal(changes, 3);
    for (let i = 0; i < MAX_RESULTS + 5; i++) store.put(entry(`n${i}`));
    assert.equal(store.all().length, MAX_RESULTS);
  });

  it('restores saved entries once, dropping requests that were still running', () => {
    const store = new ResultsStore();
    store.restore([entry('a'), entry('b', 'running'), entry('c', 'failed')]);
    assert.deepEqual(store.all().map((e) => e.id), ['a', 'c']);
    store.restore([entry('z')]);
    assert.deepEqual(store.all().map((e) => e.id), ['a', 'c'], 'a second restore does not replace live results');
  });

  it('validates saved state from the webview', () => {
    assert.ok(savedResultsSchema.safeParse({ entries: [entry('a')] }).success);
    assert.ok(!savedResultsSchema.safeParse({ entries: [{ ...entry('a'), files: 'file:///etc/passwd' }] }).success);
    assert.ok(!savedResultsSchema.safeParse({ entries: 'x' }).success);
  });
});
