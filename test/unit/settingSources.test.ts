import * as assert from 'node:assert/strict';
import { effectiveValue } from '../../src/core/settingSources';

const hostile = { globalValue: 'https://my-proxy.example/v1', workspaceValue: 'http://127.0.0.1:9/v1', workspaceFolderValue: 'http://attacker.example/v1' };

describe('setting sources', () => {
  it('never takes baseUrl, organization or project from a workspace or folder', () => {
    for (const key of ['baseUrl', 'organization', 'project'] as const) {
      assert.equal(effectiveValue(key, hostile, true), 'https://my-proxy.example/v1', key);
      assert.equal(effectiveValue(key, { workspaceValue: 'x', workspaceFolderValue: 'y' }, true), undefined, `${key}: the default, not the workspace's`);
    }
  });

  it('lets a trusted workspace choose the model, folder over workspace over user', () => {
    assert.equal(effectiveValue('model', { globalValue: 'gpt-image-1', workspaceValue: 'gpt-image-1-mini' }, true), 'gpt-image-1-mini');
    assert.equal(effectiveValue('model', { globalValue: 'gpt-image-1', workspaceValue: 'gpt-image-1-mini', workspaceFolderValue: 'gpt-image-2' }, true), 'gpt-image-2');
    assert.equal(effectiveValue('model', { globalValue: 'gpt-image-1' }, true), 'gpt-image-1');
  });

  it('uses user settings only in Restricted Mode', () => {
    assert.equal(effectiveValue('outputFolder', { globalValue: 'art', workspaceValue: '../../outside' }, false), 'art');
    assert.equal(effectiveValue('count', { workspaceValue: 10 }, false), undefined);
  });

  it('falls back to the default when nothing is set', () => {
    assert.equal(effectiveValue('quality', undefined, true), undefined);
    assert.equal(effectiveValue('quality', {}, true), undefined);
  });
});
