import * as assert from 'node:assert/strict';
import { parseFromWebview } from '../../src/panel/panelMessages';

describe('panel messages', () => {
  it('accepts the known messages', () => {
    assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFromWebview({ type: 'open', resultId: 'r1', fileIndex: 0 }), { type: 'open', resultId: 'r1', fileIndex: 0 });
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
