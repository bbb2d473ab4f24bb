/** Turns whatever a request threw into a `Failure` the UI can explain. */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { z } from 'zod';
import type { Failure } from '../core/failure';
import { redactSecrets } from '../core/redact';
import { parseRetryAfter } from '../core/retryPolicy';
import { AzureSetupError } from './imagesClient';

const errorBodySchema = z
  .object({
    message: z.string().optional(),
    code: z.string().nullish(),
    type: z.string().nullish(),
    param: z.string().max(200).nullish(),
    moderation_details: z
      .object({ moderation_stage: z.string().optional(), categories: z.array(z.string()).optional() })
      .partial()
      .optional(),
  })
  .loose();

export interface RequestContext {
  readonly model: string;
  readonly host: string;
  readonly timeoutSeconds: number;
  readonly secrets: readonly string[];
  /** Set when the request went to the user's Azure OpenAI resource. */
  readonly provider?: 'azure' | 'openai';
  /** The Azure API version the request carried. */
  readonly azureApiVersion?: string;
}

/** Node's codes for a certificate chain that does not end at a trusted root. */
const UNTRUSTED_CERTIFICATE = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

/** The error's causes, outermost first (fetch wraps what the socket, the TLS layer or the proxy agent threw). */
function causes(error: Error): Array<{ readonly message: string; readonly code?: string }> {
  const found: Array<{ message: string; code?: string }> = [];
  let current: unknown = error.cause;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    found.push({ message: current.message, ...(typeof code === 'string' ? { code } : {}) });
    current = current.cause;
  }
  return found;
}

function isAbort(error: unknown): boolean {
  return error instanceof APIUserAbortError || (error instanceof Error && error.name === 'AbortError');
}

const OPENAI_HOST = 'api.openai.com';

export function classifyError(error: unknown, context: RequestContext): Failure {
  const failure = classifyAny(error, context);
  if (failure.kind === 'cancelled') return failure;
  if (context.provider === 'azure') return { ...failure, provider: 'azure' };
  // A base URL of the user's: a gateway or a compatible server answered, whatever it passes on.
  if (context.host !== OPENAI_HOST) return { ...failure, provider: 'server', host: context.host };
  return failure;
}

function classifyAny(error: unknown, context: RequestContext): Failure {
  const clean = (text: string | undefined) => (text ? redactSecrets(text, context.secrets) : undefined);
  if (isAbort(error)) return { kind: 'cancelled' };
  if (error instanceof AzureSetupError) {
    return { kind: 'azure-setup', model: error.model, azure: { missing: error.missing, ...(error.apiVersion ? { apiVersion: error.apiVersion } : {}) } };
  }
  if (error instanceof APIConnectionTimeoutError) return { kind: 'timeout', timeoutSeconds: context.timeoutSeconds, model: context.model };
  if (error instanceof APIConnectionError) {
    const chain = causes(error);
    const deepest = chain.at(-1)?.message ?? error.message;
    if (chain.some((cause) => /\b407\b/.test(cause.message))) return { kind: 'proxy-auth', host: context.host, detail: clean(deepest) };
    if (chain.some((cause) => UNTRUSTED_CERTIFICATE.has(cause.code ?? '')))
      return { kind: 'untrusted-certificate', host: context.host, detail: clean(deepest) };
    return { kind: 'offline', host: context.host, detail: clean(deepest) };
  }
  if (!(error instanceof APIError)) {
    return { kind: 'server', detail: clean(error instanceof Error ? error.message : String(error)) };
  }

  const body = errorBodySchema.safeParse(error.error);
  const info = body.success ? body.data : {};
  const message = info.message ?? '';
  const base = {
    status: error.status,
    retryAfterMs: parseRetryAfter(error.headers),
    code: info.code ?? error.code ?? undefined,
    requestId: error.requestID ?? undefined,
    detail: clean(message),
    model: context.model,
    param: info.param ?? undefined,
  };
  const status = error.status ?? 0;
  const blocked = base.code === 'moderation_blocked' || info.moderation_details !== undefined;
  const moderation = { stage: info.moderation_details?.moderation_stage, categories: info.moderation_details?.categories ?? [] };
  if (error.status === undefined) {
    // An error event inside a stream that had already answered 200: only its type and code say what it was.
    if (blocked) return { ...base, kind: 'moderation', moderation };
    if (/rate_limit/i.test(`${base.code ?? ''} ${info.type ?? ''}`)) return { ...base, kind: 'rate-limit' };
    if (/server_error|internal/i.test(`${base.code ?? ''} ${info.type ?? ''}`)) return { ...base, kind: 'server' };
    return { ...base, kind: 'invalid-request' };
  }

  if (status === 401) return { ...base, kind: 'auth' };
  if (status === 403) {
    // The API gives no code for these: the message is all there is to tell them apart.
    if (/must be verified/i.test(message)) return { ...base, kind: 'verification' };
    if (/country|region|territory/i.test(message) || base.code === 'unsupported_country_region_territory') return { ...base, kind: 'region' };
    return { ...base, kind: 'permission' };
  }
  // Azure names a deployment that does not exist (or not yet: one made in the last minutes) with its own code.
  if (status === 404 && base.code === 'DeploymentNotFound') return { ...base, kind: 'azure-setup', azure: { missing: 'deployment' } };
  if (status === 404 && context.azureApiVersion !== undefined && base.code === '404')
    return { ...base, kind: 'azure-setup', azure: { missing: 'resource', apiVersion: context.azureApiVersion } };
  if (status === 404) {
    // "The model `gpt-image-1` has been deprecated, learn more here: ...": the model was shut down.
    const retired = /has been (deprecated|shut down|retired)|is no longer (available|supported)/i.test(message);
    return { ...base, kind: retired ? 'model-retired' : 'model-not-found' };
  }
  if (status === 429) {
    const noQuota = base.code === 'insufficient_quota' || /billing|quota/i.test(base.code ?? '') || /exceeded your current quota/i.test(message);
    return { ...base, kind: noQuota ? 'quota' : 'rate-limit' };
  }
  if (status === 400 && blocked) return { ...base, kind: 'moderation', moderation };
  if (status === 408) return { ...base, kind: 'timeout', timeoutSeconds: context.timeoutSeconds };
  if (status >= 500) return { ...base, kind: 'server' };
  return { ...base, kind: 'invalid-request' };
}
