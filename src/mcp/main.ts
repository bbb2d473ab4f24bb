/**
 * `openai-images-mcp [--root DIR] [--base-url URL | --provider azure ...] [--spend-limit-usd N] [--image-content C]`: the image
 * tools as an MCP server over stdio. The key comes from OPENAI_API_KEY (AZURE_OPENAI_API_KEY on Azure) and nothing
 * else is read from the environment. Logs go to stderr
 * (stdout is the protocol), never with the key.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { DEFAULT_BASE_URL } from '../api/imagesClient';
import { namedProxy, proxiedFetch } from '../api/proxyTransport';
import { redactSecrets } from '../core/redact';
import { AZURE_TOKEN_ENVIRONMENT, PROVIDER_CAPABILITIES, PROVIDER_FLAG_OPTIONS, PROVIDER_FLAG_USAGE } from '../core/providers';
import { DEFAULT_SETTINGS } from '../core/settings';
import { createMcpServer } from './mcpServer';
import { IMAGE_CONTENT_CHOICES } from './toolImages';
import { COMPATIBLE_FLAG_OPTIONS, COMPATIBLE_FLAG_USAGE } from '../core/compatibleFlags';
import { whereFromFlags } from '../pipeline/endpointFlags';
import { connectLedger, LEDGER_ENV } from '../pipeline/ledgerChannel';

const USAGE = `Usage: openai-images-mcp [--root DIR] [--base-url URL] [--spend-limit-usd N] [--image-content C]

An MCP server (stdio) with the tools generate_image, edit_image and find_images.

Options:
  --root DIR             the folder to work in when the client shares no roots
  --base-url URL         an OpenAI-compatible endpoint instead of ${DEFAULT_BASE_URL}
${COMPATIBLE_FLAG_USAGE}
${PROVIDER_FLAG_USAGE}
  --spend-limit-usd N    the most this server's tool calls may spend (default 2)
  --image-content C      what a result carries of each image: thumbnail (default: at most 512 px, WebP),
                         full (the image itself, up to 4 MB) or none; every result links the full file
  -h, --help             this text

The API key is read from OPENAI_API_KEY (AZURE_OPENAI_API_KEY with --provider azure). Behind a proxy, set
HTTPS_PROXY (http://user:password@proxy:port when it asks for credentials) and NO_PROXY; a proxy that re-signs
TLS needs its certificate authority in NODE_EXTRA_CA_CERTS (a PEM file).`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      root: { type: 'string' },
      'base-url': { type: 'string' },
      'spend-limit-usd': { type: 'string' },
      'image-content': { type: 'string' },
      ...PROVIDER_FLAG_OPTIONS,
      ...COMPATIBLE_FLAG_OPTIONS,
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return;
  }
  const where = whereFromFlags(values, process.cwd());
  if ('wrong' in where) {
    process.stderr.write(`openai-images-mcp: ${where.wrong}.\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const route = where;
  // On Azure an Entra ID token (VS Code hands one to the server it starts) stands in for the key.
  const token = route.azure ? process.env[AZURE_TOKEN_ENVIRONMENT]?.trim() : undefined;
  const azure = route.azure && token ? { ...route.azure, authentication: 'entraId' as const } : route.azure;
  const keyEnvironment = PROVIDER_CAPABILITIES[azure ? 'azure' : 'openai'].keyEnvironment;
  const apiKey = token || (process.env[keyEnvironment]?.trim() ?? '');
  if (apiKey === '') {
    process.stderr.write(`openai-images-mcp: set ${keyEnvironment}${azure ? ` (or ${AZURE_TOKEN_ENVIRONMENT})` : ''}.\n`);
    process.exitCode = 2;
    return;
  }
  const limit = values['spend-limit-usd'] === undefined ? DEFAULT_SETTINGS.agentSpendLimitUsd : Number(values['spend-limit-usd']);
  if (!Number.isFinite(limit) || limit < 0) {
    process.stderr.write(`openai-images-mcp: --spend-limit-usd must be a number of dollars.\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const imageContent = IMAGE_CONTENT_CHOICES.find((choice) => choice === (values['image-content'] ?? 'thumbnail'));
  if (!imageContent) {
    process.stderr.write(`openai-images-mcp: --image-content must be one of ${IMAGE_CONTENT_CHOICES.join(', ')}.\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const baseUrl = values['base-url'] ?? '';
  // Started by VS Code: the window's ledger, so its language model tools and this server share one limit.
  const ledgerPath = process.env[LEDGER_ENV.path];
  const ledgerToken = process.env[LEDGER_ENV.token];
  const ledger = ledgerPath && ledgerToken ? await connectLedger({ path: ledgerPath, token: ledgerToken }) : undefined;
  const secrets = new Set([apiKey]);
  const freshCredential = azure?.authentication === 'entraId' && ledger ? freshTokens(ledger, secrets) : undefined;
  const log = (level: string) => (message: string) => process.stderr.write(`[${level}] ${redactSecrets(message, [...secrets])}\n`);
  const proxy = namedProxy(process.env);
  if (proxy) log('info')(`requests go through the proxy ${proxy} (HTTPS_PROXY / HTTP_PROXY, NO_PROXY honoured)`);
  const server = createMcpServer({
    connection: {
      apiKey,
      baseUrl,
      ...(azure ? { azure } : {}),
      organization: '',
      project: '',
      timeoutSeconds: 300,
      maxRetries: 2,
      fetch: proxiedFetch(process.env),
    },
    root: values.root === undefined ? undefined : path.resolve(values.root),
    spendLimitUsd: limit,
    ledger,
    freshCredential,
    endpoint: where.endpoint,
    log: { info: log('info'), warn: log('warn'), error: log('error') },
    version: '0.1.0',
    imageContent,
  });
  await server.connect(new StdioServerTransport());
}

/** The window's fresh Entra ID tokens, each joining the secrets kept out of the log. */
function freshTokens(ledger: { credential(): Promise<string | undefined> }, secrets: Set<string>): () => Promise<string | undefined> {
  return async () => {
    const fresh = await ledger.credential();
    if (fresh) secrets.add(fresh);
    return fresh;
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`openai-images-mcp: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
