/**
 * The client for the user's Azure OpenAI resource, on one of Azure's two API surfaces:
 * - `v1` (Azure's GA API, the default): OpenAI's own paths under `/openai/v1`, the deployment named in the request's
 *   `model` (which `wireModel` has set to it), no dated `api-version`; a plain OpenAI client does this.
 * - a dated version (`2025-04-01-preview`): the SDK's `AzureOpenAI` client, which puts `api-version` on every request
 *   and the deployment in the path of image requests.
 * Either way the key goes in the `api-key` header, or an Entra ID token as a bearer token.
 */
import OpenAI, { AzureOpenAI } from 'openai';
import { AZURE_V1_API, type AzureRoute } from '../core/providers';
import type { Connection } from './imagesClient';

export interface AzureClientOptions {
  readonly fetch?: typeof fetch;
  readonly defaultHeaders: Record<string, string>;
}

/** `https://RESOURCE.openai.azure.com/` to the base URL the SDK joins paths to. */
export function azureBaseUrl(endpoint: string, apiVersion: string): string {
  const resource = `${endpoint.replace(/\/+$/, '')}/openai`;
  return apiVersion === AZURE_V1_API ? `${resource}/v1` : resource;
}

export function createAzureClient(connection: Connection, route: AzureRoute, options: AzureClientOptions): OpenAI {
  const secret = connection.apiKey;
  const common = {
    organization: null,
    project: null,
    timeout: connection.timeoutSeconds * 1000,
    // Retries are ours (pipeline/runImageJob), as for OpenAI.
    maxRetries: 0,
    logLevel: 'off' as const,
  };
  if (route.apiVersion === AZURE_V1_API) {
    const entra = route.authentication === 'entraId';
    return new OpenAI({
      ...common,
      // A token provider makes the SDK send a bearer token; a key goes in Azure's own header instead, with the
      // bearer header the SDK would make of it removed (a null header is the SDK's way to drop one).
      apiKey: entra ? () => Promise.resolve(secret) : secret,
      baseURL: azureBaseUrl(route.endpoint, route.apiVersion),
      defaultHeaders: { ...options.defaultHeaders, ...(entra ? {} : { Authorization: null, 'api-key': secret }) },
      fetch: withoutRedirects(options.fetch),
    });
  }
  const credential = route.authentication === 'entraId' ? { azureADTokenProvider: () => Promise.resolve(secret) } : { apiKey: secret };
  return new AzureOpenAI({
    ...common,
    ...credential,
    // The base URL, not `endpoint`: the client would otherwise refuse to start when OPENAI_BASE_URL is set.
    baseURL: azureBaseUrl(route.endpoint, route.apiVersion),
    apiVersion: route.apiVersion,
    defaultHeaders: options.defaultHeaders,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/**
 * A redirect would carry the `api-key` header to wherever it points (fetch drops only `Authorization` across
 * origins); the SDK's Azure client refuses to follow one for that reason, and so does this.
 */
function withoutRedirects(inner: typeof fetch | undefined): typeof fetch {
  return (input, init) => (inner ?? fetch)(input, { ...init, redirect: 'manual' });
}
