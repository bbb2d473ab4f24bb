/**
 * The SDK's own Azure OpenAI client for the user's resource: `api-version` on every request, the deployment in the
 * path of image requests (taken from the request's `model`, which `wireModel` has set to the deployment), and
 * either the `api-key` header or an Entra ID bearer token.
 */
import { AzureOpenAI } from 'openai';
import type { AzureRoute } from '../core/providers';
import type { Connection } from './imagesClient';

export interface AzureClientOptions {
  readonly fetch?: typeof fetch;
  readonly defaultHeaders: Record<string, string>;
}

/** `https://RESOURCE.openai.azure.com/` to the base URL the SDK joins paths to. */
export function azureBaseUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/openai`;
}

export function createAzureClient(connection: Connection, route: AzureRoute, options: AzureClientOptions): AzureOpenAI {
  const secret = connection.apiKey;
  const credential = route.authentication === 'entraId' ? { azureADTokenProvider: () => Promise.resolve(secret) } : { apiKey: secret };
  return new AzureOpenAI({
    ...credential,
    // The base URL, not `endpoint`: the client would otherwise refuse to start when OPENAI_BASE_URL is set.
    baseURL: azureBaseUrl(route.endpoint),
    apiVersion: route.apiVersion,
    organization: null,
    project: null,
    timeout: connection.timeoutSeconds * 1000,
    // Retries are ours (pipeline/runImageJob), as for OpenAI.
    maxRetries: 0,
    logLevel: 'off',
    defaultHeaders: options.defaultHeaders,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
