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

  it('never takes the conversation model from a workspace: it decides what every turn bills', () => {
    assert.equal(
      effectiveValue('conversationModel', { globalValue: 'gpt-5.6-luna', workspaceValue: 'o1-pro', workspaceFolderValue: 'o1-pro' }, true),
      'gpt-5.6-luna',
    );
    assert.equal(effectiveValue('conversationModel', { workspaceValue: 'o1-pro' }, true), undefined, "the default, not the workspace's");
  });

  it('lets a workspace keep conversations from OpenAI, never store them against the user', () => {
    const layers = (own: string | undefined, workspace: string | undefined) => ({ defaultValue: 'openai', globalValue: own, workspaceValue: workspace });
    assert.equal(effectiveValue('conversationStorage', layers('local', 'openai'), true), 'local');
    assert.equal(effectiveValue('conversationStorage', layers(undefined, 'local'), true), 'local');
    assert.equal(effectiveValue('conversationStorage', { defaultValue: 'openai', workspaceFolderValue: 'local' }, true), 'local');
    assert.equal(effectiveValue('conversationStorage', layers(undefined, 'openai'), true), 'openai');
    assert.equal(effectiveValue('conversationStorage', layers(undefined, 'local'), false), 'openai', 'an untrusted workspace changes nothing');
  });

  it('lets a workspace keep Content Credentials, never strip them against the user', () => {
    const layers = (own: string | undefined, workspace: string | undefined) => ({ defaultValue: 'keep', globalValue: own, workspaceValue: workspace });
    assert.equal(effectiveValue('contentCredentials', layers('keep', 'strip'), true), 'keep', "a repository's strip does not override the user");
    assert.equal(effectiveValue('contentCredentials', layers(undefined, 'strip'), true), 'keep', 'nor the default');
    assert.equal(effectiveValue('contentCredentials', { defaultValue: 'keep', globalValue: 'strip', workspaceFolderValue: 'strip' }, true), 'strip');
    assert.equal(effectiveValue('contentCredentials', layers('strip', 'keep'), true), 'keep', 'a workspace may ask to keep them');
    assert.equal(effectiveValue('contentCredentials', layers('strip', 'keep'), false), 'strip', 'an untrusted workspace changes nothing');
  });

  it('lets a trusted workspace choose the model, folder over workspace over user', () => {
    assert.equal(effectiveValue('model', { globalValue: 'gpt-image-1', workspaceValue: 'gpt-image-1-mini' }, true), 'gpt-image-1-mini');
    assert.equal(
      effectiveValue('model', { globalValue: 'gpt-image-1', workspaceValue: 'gpt-image-1-mini', workspaceFolderValue: 'gpt-image-2' }, true),
      'gpt-image-2',
    );
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

  it("keeps the spending limit the user's: a workspace may lower it, never raise it", () => {
    // The repository's .vscode/settings.json says 1000: the user's 0.5 (or the default) still holds.
    assert.equal(effectiveValue('confirmAboveUsd', { defaultValue: 0.5, workspaceValue: 1000 }, true), 0.5);
    assert.equal(effectiveValue('confirmAboveUsd', { defaultValue: 0.5, globalValue: 2, workspaceFolderValue: 1000 }, true), 2);
    assert.equal(effectiveValue('confirmAboveUsd', { defaultValue: 0.5, globalValue: 2, workspaceValue: 0.1 }, true), 0.1);
    assert.equal(effectiveValue('confirmAboveUsd', { defaultValue: 0.5, workspaceValue: 0.2, workspaceFolderValue: 0.05 }, true), 0.05);
    assert.equal(effectiveValue('confirmAboveUsd', { defaultValue: 0.5, workspaceValue: 0 }, false), 0.5, 'Restricted Mode: user settings only');
    assert.equal(effectiveValue('confirmAboveUsd', { defaultValue: 0.5, workspaceValue: 'lots' }, true), 0.5);
  });
});
