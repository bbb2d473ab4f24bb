/** The provider table and the Azure flags, settings and routing rules, as plain data. */
import * as assert from 'node:assert/strict';
import { agentSetup } from '../../src/core/agentSetup';
import {
  AZURE_DEFAULT_API_VERSION,
  azureHasResponses,
  azureRouteFromFlags,
  azureRouteOf,
  deploymentFor,
  PROVIDER_CAPABILITIES,
  providerFlags,
  type AzureRoute,
} from '../../src/core/providers';
import { effectiveValue } from '../../src/core/settingSources';
import { DEFAULT_SETTINGS, KEY_ROUTING_SETTINGS, parseSettings } from '../../src/core/settings';

const route: AzureRoute = {
  endpoint: 'https://contoso.openai.azure.com',
  apiVersion: '2025-04-01-preview',
  deployments: { 'gpt-image-2': 'images-prod', 'gpt-5.5': 'chat' },
  authentication: 'apiKey',
};

describe('providers', () => {
  it('Azure offers no model lookups or image batches; OpenAI does; each names its key variable', () => {
    assert.equal(PROVIDER_CAPABILITIES.openai.modelLookup, true);
    assert.equal(PROVIDER_CAPABILITIES.azure.modelLookup, false);
    assert.equal(PROVIDER_CAPABILITIES.azure.imageBatches, false);
    assert.equal(PROVIDER_CAPABILITIES.azure.keyEnvironment, 'AZURE_OPENAI_API_KEY');
  });

  it('the Responses API exists on the GA v1 API (the default) and on dated versions from 2025-03-01-preview on', () => {
    assert.equal(AZURE_DEFAULT_API_VERSION, 'v1');
    assert.equal(azureHasResponses('v1'), true);
    assert.equal(azureHasResponses('2024-10-21'), false);
    assert.equal(azureHasResponses('2025-01-01-preview'), false);
    assert.equal(azureHasResponses('2025-03-01-preview'), true);
    assert.equal(azureHasResponses(AZURE_DEFAULT_API_VERSION), true);
  });

  it('a deployment is looked up by the model id only (no inherited keys)', () => {
    assert.equal(deploymentFor(route, 'gpt-image-2'), 'images-prod');
    assert.equal(deploymentFor(route, 'gpt-image-2.5'), undefined);
    assert.equal(deploymentFor(route, 'constructor'), undefined);
    assert.equal(deploymentFor(route, '__proto__'), undefined);
  });

  it('flags: what --provider azure needs, what it refuses, and the flags a server is started with read back the same route', () => {
    assert.deepEqual(azureRouteFromFlags({}), {});
    assert.match((azureRouteFromFlags({ endpoint: route.endpoint }) as { wrong: string }).wrong, /need --provider azure/);
    assert.match((azureRouteFromFlags({ provider: 'gcp' }) as { wrong: string }).wrong, /openai or azure/);
    assert.match((azureRouteFromFlags({ provider: 'azure' }) as { wrong: string }).wrong, /needs --endpoint/);
    assert.match((azureRouteFromFlags({ provider: 'azure', endpoint: route.endpoint, 'api-version': 'latest' }) as { wrong: string }).wrong, /--api-version/);
    assert.match((azureRouteFromFlags({ provider: 'azure', endpoint: route.endpoint, deployment: ['gpt-image-2'] }) as { wrong: string }).wrong, /MODEL=NAME/);
    assert.match((azureRouteFromFlags({ provider: 'azure', endpoint: route.endpoint, deployment: ['a=b c'] }) as { wrong: string }).wrong, /MODEL=NAME/);
    const flags = providerFlags(route);
    const values: Record<string, string | string[]> = {};
    for (let i = 0; i < flags.length; i += 2) {
      const name = flags[i]!.slice(2);
      if (name === 'deployment') values.deployment = [...((values.deployment as string[] | undefined) ?? []), flags[i + 1]!];
      else values[name] = flags[i + 1]!;
    }
    assert.deepEqual(azureRouteFromFlags(values), { azure: route });
    assert.deepEqual(providerFlags(undefined), []);
  });

  it('settings: Azure is off by default, its values are checked, and a workspace cannot set any of them', () => {
    assert.equal(azureRouteOf(DEFAULT_SETTINGS), undefined);
    const parsed = parseSettings({
      provider: 'azure',
      'azure.endpoint': route.endpoint,
      'azure.deployments': { 'gpt-image-2': 'images-prod', bad: 'no spaces allowed' },
      'azure.apiVersion': 'v2',
    });
    assert.deepEqual([...parsed.invalid].sort(), ['azure.apiVersion', 'azure.deployments']);
    assert.deepEqual(azureRouteOf(parsed.settings), {
      endpoint: route.endpoint,
      apiVersion: AZURE_DEFAULT_API_VERSION,
      deployments: {},
      authentication: 'apiKey',
    });
    for (const key of ['provider', 'azure.endpoint', 'azure.apiVersion', 'azure.deployments', 'azure.authentication'] as const) {
      assert.ok(KEY_ROUTING_SETTINGS.includes(key), key);
      assert.equal(effectiveValue(key, { globalValue: 'mine', workspaceValue: 'theirs', workspaceFolderValue: 'theirs' }, true), 'mine', key);
    }
  });

  it('Set Up for Other Agents on Azure: the Azure flags and AZURE_OPENAI_API_KEY, never the key itself', () => {
    const launch = { script: '/ext/dist/mcp.js', baseUrl: '', azure: route, spendLimitUsd: 2 };
    const codex = agentSetup('codex', launch).text;
    assert.match(codex, /"--provider", "azure", "--endpoint", "https:\/\/contoso\.openai\.azure\.com"/);
    assert.match(codex, /"--deployment", "gpt-image-2=images-prod"/);
    assert.match(codex, /env_vars = \["AZURE_OPENAI_API_KEY"\]/);
    assert.match(agentSetup('claude-code', launch).text, /--env 'AZURE_OPENAI_API_KEY=\$\{AZURE_OPENAI_API_KEY\}'/);
    assert.deepEqual(JSON.parse(agentSetup('cursor', launch).text).mcpServers['openai-images'].env, { AZURE_OPENAI_API_KEY: '${env:AZURE_OPENAI_API_KEY}' });
  });
});
