import * as assert from 'node:assert/strict';
import { parseFromWebview } from '../../src/features/panel/panelMessages';

describe('panel messages', () => {
  it('accepts the known messages', () => {
    assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFromWebview({ type: 'open', resultId: 'r1', fileIndex: 0 }), { type: 'open', resultId: 'r1', fileIndex: 0 });
    for (const type of ['insert', 'refine', 'deleteFile', 'reveal', 'copyPath', 'copyMarkdownLink']) {
      assert.deepEqual(parseFromWebview({ type, resultId: 'r1', fileIndex: 2 }), { type, resultId: 'r1', fileIndex: 2 });
    }
    for (const type of ['regenerate', 'moreLikeThis']) assert.deepEqual(parseFromWebview({ type, resultId: 'r1' }), { type, resultId: 'r1' });
    assert.deepEqual(parseFromWebview({ type: 'clear' }), { type: 'clear' });
  });

  it('refuses recipe actions with a file, file actions without one, and counts chosen by the webview', () => {
    const refused: unknown[] = [
      { type: 'deleteFile', resultId: 'r1' },
      { type: 'refine', resultId: 'r1', fileIndex: 0, prompt: 'chosen by the page' },
      { type: 'regenerate', resultId: 'r1', fileIndex: 0 },
      { type: 'moreLikeThis', resultId: 'r1', count: 100 },
      { type: 'insert', resultId: 'r1', fileIndex: 0, text: '<script>' },
      { type: 'partial', resultId: 'r1', index: 0 },
    ];
    for (const message of refused) assert.equal(parseFromWebview(message), undefined, JSON.stringify(message));
  });

  it('drops unknown, malformed and hostile messages', () => {
    const hostile: unknown[] = [
      undefined,
      null,
      'ready',
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'open', resultId: 'r1', fileIndex: 0, path: '/etc/passwd' },
      { type: 'open', resultId: 'r1', fileIndex: -1 },
      { type: 'open', resultId: 'r1', fileIndex: '0' },
      JSON.parse('{"type":"ready","__proto__":{"polluted":true}}'),
      { type: 'copyPath', resultId: 'x'.repeat(10 * 1024 * 1024), fileIndex: 0 },
      { type: 'executeCommand', command: 'openaiImages.setApiKey' },
    ];
    for (const message of hostile) assert.equal(parseFromWebview(message), undefined, JSON.stringify(message)?.slice(0, 80));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
