/**
 * Who serves the images: OpenAI itself or the user's Azure OpenAI resource. What each provider offers is data in
 * one table, so a feature asks the table instead of testing the provider's name. No zod here: the MCP server
 * definition provider, loaded at activation, uses it.
 */
export const PROVIDERS = ['openai', 'azure'] as const;
export type ProviderId = (typeof PROVIDERS)[number];

export const AZURE_AUTHENTICATIONS = ['apiKey', 'entraId'] as const;
export type AzureAuthentication = (typeof AZURE_AUTHENTICATIONS)[number];

/**
 * Azure's GA API since August 2025: OpenAI's own paths under `/openai/v1`, the deployment named as the model, and
 * no dated version to keep up with. The dated versions (deployment paths, `?api-version=`) still work when named.
 */
export const AZURE_V1_API = 'v1';

/**
 * The Azure API version used unless the user names another: the GA v1 API (the dated GA versions have no GPT
 * Image edits; only previews such as 2025-04-01-preview do).
 */
export const AZURE_DEFAULT_API_VERSION = AZURE_V1_API;

/** The scope an Entra ID token needs for Azure OpenAI (and Azure AI Foundry) data-plane calls. */
export const AZURE_ENTRA_SCOPE = 'https://cognitiveservices.azure.com/.default';

/** The header that tells Azure which image deployment the Responses API's image_generation tool uses. */
export const AZURE_IMAGE_TOOL_DEPLOYMENT_HEADER = 'x-ms-oai-image-generation-deployment';

export interface ProviderCapabilities {
  /** The human name used in messages. */
  readonly label: string;
  /** Where the command line and the MCP server read the key. */
  readonly keyEnvironment: string;
  /** GET /models/{id} answers with the model's shutdown date (Check Setup's free probe, the daily shutdown check). */
  readonly modelLookup: boolean;
  /** The Batch API takes image requests at half price. */
  readonly imageBatches: boolean;
  /** Answers name the organization and project the key used (openai-organization, openai-project headers). */
  readonly organizationHeaders: boolean;
  /** Stored responses can be deleted (DELETE /responses/{id}) when a conversation is forgotten. */
  readonly storedResponses: boolean;
  /** The first API version whose Responses API takes the image_generation tool (undefined: no versions). */
  readonly responsesSinceVersion?: string;
}

export const PROVIDER_CAPABILITIES: { readonly [P in ProviderId]: ProviderCapabilities } = {
  openai: {
    label: 'OpenAI',
    keyEnvironment: 'OPENAI_API_KEY',
    modelLookup: true,
    imageBatches: true,
    organizationHeaders: true,
    storedResponses: true,
  },
  azure: {
    label: 'Azure OpenAI',
    keyEnvironment: 'AZURE_OPENAI_API_KEY',
    // Azure's model list describes base models, not the user's deployments, and carries no shutdown date.
    modelLookup: false,
    // Azure batches run on their own "global batch" deployments, not on the deployments that make images.
    imageBatches: false,
    organizationHeaders: false,
    storedResponses: true,
    // The Responses API (with the image_generation tool) came to Azure's dated API versions in 2025-03-01-preview;
    // the v1 API has it.
    responsesSinceVersion: '2025-03-01-preview',
  },
};

/** An Azure API version: `v1`, or a date, optionally `-preview`. */
export const AZURE_API_VERSION_PATTERN = /^(v1|\d{4}-\d{2}-\d{2}(-preview)?)$/;

/** An Azure deployment name as the portal allows it: letters, digits, `-`, `_` and `.`, at most 64. */
export const AZURE_DEPLOYMENT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Model id to deployment name. */
export type AzureDeployments = Readonly<Record<string, string>>;

/** An Azure OpenAI resource: where requests go and which deployment serves each model id. */
export interface AzureRoute {
  /** `https://RESOURCE.openai.azure.com` (the SDK adds `/openai`). */
  readonly endpoint: string;
  readonly apiVersion: string;
  readonly deployments: AzureDeployments;
  readonly authentication: AzureAuthentication;
}

/** The settings that name an Azure resource (user settings only). */
export interface AzureSettings {
  readonly provider: ProviderId;
  readonly 'azure.endpoint': string;
  readonly 'azure.apiVersion': string;
  readonly 'azure.deployments': AzureDeployments;
  readonly 'azure.authentication': AzureAuthentication;
}

/** The Azure resource the settings name, when they choose Azure. */
export function azureRouteOf(settings: AzureSettings): AzureRoute | undefined {
  if (settings.provider !== 'azure') return undefined;
  return {
    endpoint: settings['azure.endpoint'],
    apiVersion: settings['azure.apiVersion'],
    deployments: settings['azure.deployments'],
    authentication: settings['azure.authentication'],
  };
}

/** The deployment that serves `model`, or undefined when the user has not named one. */
export function deploymentFor(route: Pick<AzureRoute, 'deployments'>, model: string): string | undefined {
  return Object.hasOwn(route.deployments, model) ? route.deployments[model] : undefined;
}

/** Whether conversations (the Responses API with its image tool) can run on this Azure API version. */
export function azureHasResponses(apiVersion: string): boolean {
  const since = PROVIDER_CAPABILITIES.azure.responsesSinceVersion;
  if (apiVersion === AZURE_V1_API) return since !== undefined;
  // Dated versions compare by their date; a preview of a day comes before that day's GA, which is close enough here.
  return since !== undefined && apiVersion.slice(0, 10) >= since.slice(0, 10);
}

/**
 * `model=deployment` pairs as the command line takes them (`--deployment gpt-image-2=images-prod`), or the first
 * pair that is not one.
 */
export function parseDeploymentPairs(pairs: readonly string[]): { deployments: AzureDeployments } | { wrong: string } {
  const deployments: Record<string, string> = {};
  for (const pair of pairs) {
    const match = /^([^=\s]+)=([^=\s]+)$/.exec(pair);
    if (!match || !AZURE_DEPLOYMENT_PATTERN.test(match[2]!)) return { wrong: pair };
    deployments[match[1]!] = match[2]!;
  }
  return { deployments };
}

/** The provider flags the command line and the MCP server share. */
export interface ProviderFlags {
  readonly provider?: string;
  readonly endpoint?: string;
  readonly 'api-version'?: string;
  readonly deployment?: readonly string[];
}

export const PROVIDER_FLAG_OPTIONS = {
  provider: { type: 'string' },
  endpoint: { type: 'string' },
  'api-version': { type: 'string' },
  deployment: { type: 'string', multiple: true },
} as const;

export const PROVIDER_FLAG_USAGE = `  --provider P       openai (default) or azure: your Azure OpenAI resource, with
                     --endpoint https://RESOURCE.openai.azure.com
                     --deployment MODEL=NAME (once per model, e.g. gpt-image-2=images-prod)
                     --api-version V (default ${AZURE_DEFAULT_API_VERSION}); the key from AZURE_OPENAI_API_KEY`;

/** The Azure route the flags name (undefined for OpenAI), or what is wrong with them. */
export function azureRouteFromFlags(flags: ProviderFlags): { azure?: AzureRoute } | { wrong: string } {
  const provider = flags.provider ?? 'openai';
  const azureOnly = flags.endpoint !== undefined || flags['api-version'] !== undefined || (flags.deployment?.length ?? 0) > 0;
  if (provider === 'openai') return azureOnly ? { wrong: '--endpoint, --api-version and --deployment need --provider azure' } : {};
  if (provider !== 'azure') return { wrong: `--provider must be openai or azure, not ${provider}` };
  const endpoint = flags.endpoint ?? '';
  if (!/^https?:\/\/[^/\s]+/.test(endpoint)) return { wrong: '--provider azure needs --endpoint https://RESOURCE.openai.azure.com' };
  const apiVersion = flags['api-version'] ?? AZURE_DEFAULT_API_VERSION;
  if (!AZURE_API_VERSION_PATTERN.test(apiVersion)) return { wrong: `--api-version must be ${AZURE_V1_API} or a dated version such as 2025-04-01-preview` };
  const pairs = parseDeploymentPairs(flags.deployment ?? []);
  if ('wrong' in pairs) return { wrong: `--deployment must be MODEL=NAME, not ${pairs.wrong}` };
  return { azure: { endpoint, apiVersion, deployments: pairs.deployments, authentication: 'apiKey' } };
}

/** With --provider azure, an Entra ID access token in this variable is sent as a bearer token instead of a key. */
export const AZURE_TOKEN_ENVIRONMENT = 'AZURE_OPENAI_AD_TOKEN';

/** The flags that give a server the user's Azure resource (nothing for OpenAI). */
export function providerFlags(azure: AzureRoute | undefined): string[] {
  if (!azure) return [];
  const deployments = Object.entries(azure.deployments).flatMap(([model, deployment]) => ['--deployment', `${model}=${deployment}`]);
  return ['--provider', 'azure', '--endpoint', azure.endpoint, '--api-version', azure.apiVersion, ...deployments];
}

/**
 * The flags that give a server the user's compatible server declarations (`--compatible-model`,
 * `--compatible-models` as JSON; nothing when there are none). Read back by core/compatibleFlags.
 */
export function compatibleServerFlags(compatibleModel: string, compatibleModels: Readonly<Record<string, unknown>>): string[] {
  return [
    ...(compatibleModel ? ['--compatible-model', compatibleModel] : []),
    ...(Object.keys(compatibleModels).length > 0 ? ['--compatible-models', JSON.stringify(compatibleModels)] : []),
  ];
}

const OPENAI_HOSTS = new Set(['api.openai.com']);

/** An empty base URL is OpenAI's own. */
export function isOpenAIBaseUrl(baseUrl: string): boolean {
  if (baseUrl === '') return true;
  try {
    return OPENAI_HOSTS.has(new URL(baseUrl).hostname.toLowerCase());
  } catch {
    return false;
  }
}
