/**
 * Azure OpenAI's paths in front of the fake API: `/openai/deployments/{deployment}/images/generations|edits` and
 * `/openai/responses` with `api-version`, the `api-key` header or an Entra ID bearer token. Each is translated to the
 * OpenAI route the fake already serves (the deployment's model put in the body), or refused as Azure refuses it,
 * in Azure's own error shape (`{"error": {"code", "message"}}`, no type or param).
 */
import type * as http from 'node:http';

export interface FakeAzure {
  /** Deployment name to the model it serves. */
  deployments: Record<string, string>;
  /** The API versions the resource answers; any other is "Resource not found". */
  apiVersions: string[];
  /** The resource's key, sent in the `api-key` header. */
  apiKey: string;
  /** Entra ID access tokens the resource accepts as `Authorization: Bearer`. */
  bearerTokens: string[];
}

/** What the server saw of an Azure request. */
export interface AzureSeen {
  readonly deployment?: string;
  readonly apiVersion: string;
  readonly auth: 'api-key' | 'bearer';
  /** The image tool's deployment (Responses requests), from `x-ms-oai-image-generation-deployment`. */
  readonly imageToolDeployment?: string;
}

export type AzureTranslation =
  | {
      readonly kind: 'route';
      readonly path: string;
      /** The model the deployment in the path serves (dated API versions). */
      readonly model?: string;
      /** The body's `model` names the deployment (the v1 API): the server maps it once the body is read. */
      readonly deploymentInBody?: boolean;
      readonly imageToolModel?: string;
      readonly seen: AzureSeen;
    }
  | { readonly kind: 'refuse'; readonly status: number; readonly body: unknown };

/** Azure's answers carry only a code and a message. */
function refuse(status: number, code: string, message: string): Extract<AzureTranslation, { kind: 'refuse' }> {
  return { kind: 'refuse', status, body: { error: { code, message } } };
}

const RESOURCE_NOT_FOUND = () => refuse(404, '404', 'Resource not found');

/** The first dated API version whose Responses API exists on Azure. */
const RESPONSES_SINCE = '2025-03-01';

function authOf(headers: http.IncomingHttpHeaders, azure: FakeAzure): AzureSeen['auth'] | AzureTranslation {
  const key = headers['api-key'];
  if (typeof key === 'string') {
    if (key === azure.apiKey) return 'api-key';
    return refuse(
      401,
      '401',
      'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
    );
  }
  const bearer = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
  if (bearer && azure.bearerTokens.includes(bearer)) return 'bearer';
  return refuse(401, '401', 'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.');
}

const DEPLOYMENT_NOT_FOUND = () =>
  refuse(
    404,
    'DeploymentNotFound',
    'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
  );

/** The Responses route, the image tool's deployment taken from its header. */
function responsesRoute(
  rest: string | undefined,
  headers: http.IncomingHttpHeaders,
  seen: Omit<AzureSeen, 'imageToolDeployment'>,
  azure: FakeAzure,
): AzureTranslation {
  if (rest) return { kind: 'route', path: `/v1/responses${rest}`, seen };
  const toolHeader = headers['x-ms-oai-image-generation-deployment'];
  const imageToolDeployment = typeof toolHeader === 'string' ? toolHeader : undefined;
  return {
    kind: 'route',
    path: '/v1/responses',
    ...(imageToolDeployment ? { imageToolModel: azure.deployments[imageToolDeployment] ?? '' } : {}),
    seen: { ...seen, ...(imageToolDeployment ? { imageToolDeployment } : {}) },
  };
}

/**
 * The GA v1 API: OpenAI's paths under `/openai/v1`, the deployment in the body's `model`, no dated version (a dated
 * `api-version` there is refused; `preview` opts into preview features).
 */
function translateV1(method: string, url: URL, headers: http.IncomingHttpHeaders, azure: FakeAzure): AzureTranslation {
  const apiVersion = url.searchParams.get('api-version');
  if (apiVersion !== null && apiVersion !== 'preview')
    return refuse(400, 'BadRequest', `API version not supported: ${apiVersion} is not used with /openai/v1.`);
  const auth = authOf(headers, azure);
  if (typeof auth !== 'string') return auth;
  const seen = { apiVersion: 'v1', auth };
  const path = url.pathname.slice('/openai'.length);
  const images = /^\/v1\/images\/(generations|edits)$/.exec(path);
  if (images && method === 'POST') return { kind: 'route', path, deploymentInBody: true, seen };
  const responses = /^\/v1\/responses(\/[^/]+)?$/.exec(path);
  if (responses) return responsesRoute(responses[1], headers, seen, azure);
  if (path === '/v1/models' && method === 'GET') return { kind: 'route', path: '/openai/models', seen };
  return RESOURCE_NOT_FOUND();
}

/** Undefined when the request is not on an Azure path (it is then the OpenAI API's). */
export function translateAzure(method: string, rawUrl: string, headers: http.IncomingHttpHeaders, azure: FakeAzure): AzureTranslation | undefined {
  const url = new URL(rawUrl, 'http://fake');
  if (!url.pathname.startsWith('/openai/')) return undefined;
  if (url.pathname.startsWith('/openai/v1/')) return translateV1(method, url, headers, azure);
  const apiVersion = url.searchParams.get('api-version') ?? '';
  if (!azure.apiVersions.includes(apiVersion)) return RESOURCE_NOT_FOUND();
  const auth = authOf(headers, azure);
  if (typeof auth !== 'string') return auth;
  const images = /^\/openai\/deployments\/([^/]+)\/images\/(generations|edits)$/.exec(url.pathname);
  if (images && method === 'POST') {
    const deployment = decodeURIComponent(images[1]!);
    const model = azure.deployments[deployment];
    if (!model) return DEPLOYMENT_NOT_FOUND();
    return { kind: 'route', path: `/v1/images/${images[2]}`, model, seen: { deployment, apiVersion, auth } };
  }
  const responses = /^\/openai\/responses(\/[^/]+)?$/.exec(url.pathname);
  if (responses) {
    if (apiVersion.slice(0, 10) < RESPONSES_SINCE) return RESOURCE_NOT_FOUND();
    return responsesRoute(responses[1], headers, { apiVersion, auth }, azure);
  }
  if (url.pathname === '/openai/models' && method === 'GET') return { kind: 'route', path: '/openai/models', seen: { apiVersion, auth } };
  return RESOURCE_NOT_FOUND();
}

/** The v1 API's image requests name the deployment in `model`: the model it serves, or Azure's refusal. */
export function azureDeploymentInBody(
  fields: Record<string, unknown>,
  azure: FakeAzure,
): { kind: 'model'; model: string; deployment: string } | Extract<AzureTranslation, { kind: 'refuse' }> {
  const deployment = typeof fields.model === 'string' ? fields.model : '';
  const model = Object.hasOwn(azure.deployments, deployment) ? azure.deployments[deployment] : undefined;
  if (!model) return deployment ? DEPLOYMENT_NOT_FOUND() : refuse(400, 'BadRequest', "Missing required parameter: 'model'.");
  return { kind: 'model', model, deployment };
}

/** A Responses request names deployments: the mainline one in `model`, the image tool's in the header. */
export function azureResponsesFields(fields: Record<string, unknown>, azure: FakeAzure, translation: Extract<AzureTranslation, { kind: 'route' }>) {
  const deployment = typeof fields.model === 'string' ? fields.model : '';
  const model = azure.deployments[deployment];
  if (deployment && !model) return DEPLOYMENT_NOT_FOUND();
  const tools = Array.isArray(fields.tools) ? (fields.tools as Array<Record<string, unknown>>) : [];
  const imageTool = tools.find((tool) => tool.type === 'image_generation');
  // Azure cannot tell which deployment makes the tool's images without the header: a plain 400, as users report.
  if (imageTool && translation.imageToolModel === undefined) return refuse(400, 'invalid_request', 'Image generation deployment not specified.');
  if (imageTool && translation.imageToolModel === '') return refuse(404, 'DeploymentNotFound', 'The image generation deployment does not exist.');
  // As in the images paths, the deployment (here the header's) decides which model makes the tool's images.
  const served = tools.map((tool) => (tool === imageTool ? { ...tool, model: translation.imageToolModel } : tool));
  return { kind: 'fields' as const, fields: { ...fields, ...(model ? { model } : {}), ...(imageTool ? { tools: served } : {}) } };
}
