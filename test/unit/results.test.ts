import * as assert from 'node:assert/strict';
import { ResultsStore, mergeEntries, parseEntries, threadOf, type ResultEntry } from '../../src/core/results';

const entry = (id: string, status: ResultEntry['status'] = 'done', startedAt = 1, extra: Partial<ResultEntry> = {}): ResultEntry => ({
  id,
  status,
  kind: 'generate',
  prompt: `prompt ${id}`,
  model: 'gpt-image-1.5',
  size: 'auto',
  quality: 'medium',
  format: 'png',
  startedAt,
  files: [],
  sources: [],
  ...extra,
});

describe('history store', () => {
  it('keeps newest first, updates in place, and is bounded by its limit', () => {
    const store = new ResultsStore(10);
    let changes = 0;
    store.onDidChange(() => changes++);
    store.put(entry('a', 'running'));
    store.put(entry('b'));
    store.put({ ...entry('a'), files: ['file:///x.png'] });
    assert.deepEqual(
      store.all().map((e) => [e.id, e.status]),
      [
        ['b', 'done'],
        ['a', 'done'],
      ],
    );
    assert.equal(changes, 3);
    for (let i = 0; i < 15; i++) store.put(entry(`n${i}`));
    assert.equal(store.all().length, 10);
    assert.equal(store.all()[0]!.id, 'n14');
    store.setLimit(3);
    assert.deepEqual(
      store.all().map((e) => e.id),
      ['n14', 'n13', 'n12'],
    );
  });

  it('never drops a running request to make room', () => {
    const store = new ResultsStore(2);
    store.put(entry('run', 'running'));
    for (let i = 0; i < 5; i++) store.put(entry(`n${i}`));
    assert.deepEqual(
      store.all().map((e) => e.id),
      ['n4', 'n3', 'run'],
    );
  });

  it('merges saved entries: live ones win, running ones from a closed window are dropped, removed ones stay gone', () => {
    const store = new ResultsStore(10);
    store.put(entry('live', 'done', 50, { prompt: 'live version' }));
    store.merge(
      [entry('live', 'done', 50, { prompt: 'stale copy' }), entry('old', 'done', 10), entry('ghost', 'running', 20), entry('gone', 'done', 30)],
      new Set(['gone']),
    );
    assert.deepEqual(
      store.all().map((e) => e.id),
      ['live', 'old'],
    );
    assert.equal(store.get('live')!.prompt, 'live version');
  });

  it('clear keeps running requests and reports what it removed', () => {
    const store = new ResultsStore(10);
    store.put(entry('a'));
    store.put(entry('b', 'running'));
    store.put(entry('c', 'failed'));
    assert.deepEqual(store.clear().sort(), ['a', 'c']);
    assert.deepEqual(
      store.all().map((e) => e.id),
      ['b'],
    );
  });

  it('mergeEntries orders by start time and applies the bound', () => {
    const merged = mergeEntries([entry('x', 'done', 5)], [entry('y', 'done', 9), entry('z', 'done', 1)], new Set(), 2);
    assert.deepEqual(
      merged.map((e) => e.id),
      ['y', 'x'],
    );
  });

  it('keeps entries made with models that have since been shut down, or that this version does not know', () => {
    const parsed = parseEntries([
      entry('old', 'done'),
      { ...entry('older'), model: 'gpt-image-1' },
      { ...entry('newer'), model: 'gpt-image-9-nova' },
      {
        ...entry('gif'),
        format: 'gif',
        settings: { background: 'auto', outputFormat: 'gif', outputCompression: null, moderation: 'auto', inputFidelity: 'low', count: 1 },
      },
    ]);
    assert.deepEqual(
      parsed.map((e) => [e.id, e.model]),
      [
        ['old', 'gpt-image-1.5'],
        ['older', 'gpt-image-1'],
        ['newer', 'gpt-image-9-nova'],
        ['gif', 'gpt-image-1.5'],
      ],
    );
    assert.equal(parsed[3]!.settings?.complexity, 'auto', 'entries from before complexity read as the model default');
  });

  it('parses saved history entry by entry: a damaged entry costs only itself', () => {
    const good = entry('good');
    const parsed = parseEntries([good, { ...entry('bad'), files: 'file:///etc/passwd' }, { ...entry('bad2'), quality: 'ultra' }, 'junk', null]);
    assert.deepEqual(
      parsed.map((e) => e.id),
      ['good'],
    );
    assert.deepEqual(parseEntries('not a list'), []);
    assert.deepEqual(parseEntries(undefined), []);
  });

  it('finds the thread of a refinement, oldest first, and survives a cycle', () => {
    const entries = [entry('c', 'done', 3, { parentId: 'b' }), entry('b', 'done', 2, { parentId: 'a' }), entry('a', 'done', 1)];
    assert.deepEqual(
      threadOf(entries, 'c').map((e) => e.id),
      ['a', 'b'],
    );
    assert.deepEqual(threadOf(entries, 'a'), []);
    const cyclic = [entry('p', 'done', 1, { parentId: 'q' }), entry('q', 'done', 2, { parentId: 'p' })];
    assert.deepEqual(
      threadOf(cyclic, 'p').map((e) => e.id),
      ['q'],
    );
  });
});
