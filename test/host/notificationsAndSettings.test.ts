/** Notifications and settings through the real adapters, with the user's clicks scripted. */
import * as assert from 'node:assert/strict';
import { SETTINGS_SECTION } from '../../src/core/settings';
import { presentFailure } from '../../src/features/requests/failurePresenter';
import { clearApiKeyCommand } from '../../src/features/setup/clearApiKey';
import { ApiKeyStore } from '../../src/platform/apiKeyStore';
import { EntraSignIn } from '../../src/platform/entraSignIn';
import { Logger } from '../../src/platform/logger';
import { SettingsReader } from '../../src/platform/settingsReader';
import { answers, authentication, MemorySecrets, recorded, resetStandIn, settingValues } from './vscodeStandIn';
import type * as vscode from 'vscode';

describe('host: failure notifications', () => {
  beforeEach(resetStandIn);

  it('Retry runs the request again', async () => {
    let retried = 0;
    answers.messages.push('Retry');
    await presentFailure({ kind: 'server', status: 502 }, new Logger('test'), { retry: () => retried++ });
    assert.equal(retried, 1);
    assert.deepEqual(recorded.shown[0]?.items, ['Retry', 'Show Log']);
    assert.match(recorded.shown[0]!.message, /server error \(502\)/);
  });

  it('Edit Prompt opens the prompt for editing after a moderation block', async () => {
    let edited = 0;
    answers.messages.push('Edit Prompt');
    await presentFailure({ kind: 'moderation', moderation: { categories: ['violence'] } }, new Logger('test'), { editPrompt: () => edited++ });
    assert.equal(edited, 1);
    assert.match(recorded.shown[0]!.message, /categories: violence/);
  });

  it('a dismissed notification does nothing, and a cancel shows none', async () => {
    let retried = 0;
    await presentFailure({ kind: 'server', status: 500 }, new Logger('test'), { retry: () => retried++ });
    await presentFailure({ kind: 'cancelled' }, new Logger('test'), { retry: () => retried++ });
    assert.equal(retried, 0);
    assert.equal(recorded.shown.length, 1);
  });

  it('a server message with a command link is shown as plain text', async () => {
    await presentFailure({ kind: 'server', status: 500, detail: '[click](command:workbench.action.terminal.new)' }, new Logger('test'));
    assert.doesNotMatch(recorded.shown[0]!.message, /\]\(command:/);
  });
});

describe('host: Clear API Key', () => {
  beforeEach(resetStandIn);

  it('removes the stored key and says so; the environment key is named when one is set', async () => {
    const secrets = new MemorySecrets();
    await secrets.store('openaiImages.apiKey', 'sk-test-stored');
    const keys = new ApiKeyStore(secrets as unknown as vscode.SecretStorage, new Logger('test'), {});
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      await clearApiKeyCommand({ keys }).execute();
      assert.equal(await keys.get(), undefined);
      assert.equal(secrets.values.size, 0);
      assert.equal(recorded.shown.at(-1)?.message, 'OpenAI API key removed.');
      process.env.OPENAI_API_KEY = 'sk-from-environment';
      await clearApiKeyCommand({ keys }).execute();
      assert.match(recorded.shown.at(-1)!.message, /OPENAI_API_KEY is still set/);
      assert.ok(!recorded.log.join('\n').includes('sk-test-stored'), 'the key is never logged');
    } finally {
      if (saved === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = saved;
    }
  });
});

describe('host: the Azure credential', () => {
  beforeEach(resetStandIn);

  it('an Azure key has its own secret entry and its own variable; the OpenAI key is never used for Azure', async () => {
    const secrets = new MemorySecrets();
    await secrets.store('openaiImages.apiKey', 'sk-openai-stored');
    const route = { provider: 'azure' as const, authentication: 'apiKey' as const };
    const keys = new ApiKeyStore(secrets as unknown as vscode.SecretStorage, new Logger('test'), { OPENAI_API_KEY: 'sk-openai-env' }, () => route);
    assert.equal(await keys.find(), undefined, 'neither OpenAI key stands in for an Azure key');
    await keys.store('azure-key-0123');
    assert.equal(secrets.values.get('openaiImages.azure.apiKey'), 'azure-key-0123');
    assert.equal(secrets.values.get('openaiImages.apiKey'), 'sk-openai-stored', 'the OpenAI key is untouched');
    assert.deepEqual(await keys.find(), { key: 'azure-key-0123', source: 'storage' });
    await clearApiKeyCommand({ keys }).execute();
    assert.equal(recorded.shown.at(-1)?.message, 'Azure OpenAI key removed.');
    assert.equal(secrets.values.get('openaiImages.apiKey'), 'sk-openai-stored');
    const fromEnvironment = new ApiKeyStore(secrets as unknown as vscode.SecretStorage, new Logger('test'), { AZURE_OPENAI_API_KEY: 'azure-env' }, () => route);
    assert.deepEqual(await fromEnvironment.find(), { key: 'azure-env', source: 'environment' });
  });

  it("Entra ID: VS Code's Microsoft session gives the token (silently unless asked), and nothing is stored", async () => {
    const secrets = new MemorySecrets();
    const log = new Logger('test');
    const route = { provider: 'azure' as const, authentication: 'entraId' as const };
    const keys = new ApiKeyStore(secrets as unknown as vscode.SecretStorage, log, {}, () => route, new EntraSignIn(log));
    assert.equal(await keys.find(), undefined);
    assert.equal(await keys.getOrAsk(), undefined, 'a declined sign-in gives no token');
    assert.deepEqual(
      authentication.requests.map((request) => [request.provider, request.scopes.join(' '), request.options]),
      [
        ['microsoft', 'https://cognitiveservices.azure.com/.default', { silent: true }],
        ['microsoft', 'https://cognitiveservices.azure.com/.default', { createIfNone: true }],
      ],
    );
    authentication.session = { accessToken: 'entra-token-abc', id: '1', scopes: [], account: { id: 'a', label: 'dev@contoso.com' } };
    assert.deepEqual(await keys.find(), { key: 'entra-token-abc', source: 'entraId' });
    log.info('sending with entra-token-abc');
    assert.ok(!recorded.log.join('\n').includes('entra-token-abc'), 'the token is never logged');
    await clearApiKeyCommand({ keys }).execute();
    assert.match(recorded.shown.at(-1)!.message, /stores no token/);
    assert.equal(secrets.values.size, 0, 'nothing was ever stored');
  });
});

describe('host: settings', () => {
  beforeEach(resetStandIn);

  it('warns once about an invalid value and uses the default', () => {
    settingValues[`${SETTINGS_SECTION}.count`] = { globalValue: 99 };
    const reader = new SettingsReader(new Logger('test'));
    assert.equal(reader.read().count, 1);
    assert.equal(reader.read().count, 1);
    const warnings = recorded.shown.filter((shown) => shown.kind === 'warning');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!.message, /openaiImages\.count has an invalid value/);
  });

  it('takes the key-routing settings from user settings only', () => {
    settingValues[`${SETTINGS_SECTION}.baseUrl`] = { globalValue: 'https://proxy.example/v1', workspaceValue: 'http://attacker.example/v1' };
    assert.equal(new SettingsReader(new Logger('test')).read().baseUrl, 'https://proxy.example/v1');
  });
});
