/** A failed request, whatever failed, as data the UI can explain and act on. */
import type { Problem } from './problems';
import { describeProblem } from './problemMessages';
import type { Translate } from './translate';

export type FailureKind =
  | 'no-key'
  | 'auth'
  | 'verification'
  | 'region'
  | 'permission'
  | 'model-not-found'
  | 'model-retired'
  | 'rate-limit'
  | 'quota'
  | 'moderation'
  | 'invalid-request'
  | 'server'
  | 'timeout'
  | 'offline'
  | 'cancelled'
  | 'invalid-input'
  | 'unexpected-output'
  | 'write-failed'
  /** A conversation turn's `image_generation_call` failed (other than by moderation). */
  | 'image-call-failed'
  /** The Azure settings lack what the request needs (the endpoint, the model's deployment, a version with Responses). */
  | 'azure-setup'
  /** A proxy between here and the API wants credentials (407). */
  | 'proxy-auth'
  /** The TLS certificate presented is not trusted: usually a company proxy that re-signs traffic with its own CA. */
  | 'untrusted-certificate';

export interface Failure {
  readonly kind: FailureKind;
  readonly status?: number;
  readonly code?: string;
  readonly requestId?: string;
  /** The API's or the system's own words, already stripped of keys. */
  readonly detail?: string;
  readonly model?: string;
  readonly host?: string;
  readonly timeoutSeconds?: number;
  readonly format?: string;
  readonly path?: string;
  /** The request parameter a 400 names (`param` in the API's error), e.g. `quality`. */
  readonly param?: string;
  readonly moderation?: { readonly stage?: string; readonly categories: readonly string[] };
  /** How long the server asked us to wait before trying again. */
  readonly retryAfterMs?: number;
  /** How many times the request was sent in all. */
  readonly attempts?: number;
  readonly problems?: readonly Problem[];
  /** A write that failed after the answer arrived: where the images were kept instead (absolute paths). */
  readonly recovered?: readonly string[];
  /**
   * Who answered, when it was not OpenAI: the user's Azure OpenAI resource, or another server at a base URL of the
   * user's (a gateway, a compatible server), named by `host`. Messages then do not put words in OpenAI's mouth.
   */
  readonly provider?: 'azure' | 'server';
  /** What the Azure settings lack (kind `azure-setup`); the API version when it has no Responses API. */
  readonly azure?: { readonly missing: AzureSetupGap; readonly apiVersion?: string };
}

/** `resource`: Azure answered "Resource not found", a wrong endpoint path or an API version it does not have. */
export type AzureSetupGap = 'endpoint' | 'deployment' | 'responses' | 'resource';

export type FailureAction =
  'setApiKey' | 'openVerification' | 'openUsageLimits' | 'openBilling' | 'retry' | 'editPrompt' | 'openSettings' | 'showLog' | 'saveRecovered' | 'showRecovery';

export interface FailureDescription {
  readonly message: string;
  readonly actions: readonly FailureAction[];
  /** Whether trying the same request again can succeed. */
  readonly retryable: boolean;
}

export const PLATFORM_LINKS = {
  apiKeys: 'https://platform.openai.com/api-keys',
  verification: 'https://platform.openai.com/settings/organization/general',
  limits: 'https://platform.openai.com/settings/organization/limits',
  billing: 'https://platform.openai.com/settings/organization/billing/overview',
} as const;

/** Failures found on this side of the network (the socket, TLS, a proxy, a clock): nobody at the other end said them. */
const LOCAL_KINDS: ReadonlySet<FailureKind> = new Set(['offline', 'proxy-auth', 'untrusted-certificate', 'timeout']);

/** The name of whoever answered, to begin a sentence ("{0} refused ...") or `within` one. */
function speaker(failure: Failure, t: Translate, within = false): string {
  if (failure.provider === 'azure') return t('Azure OpenAI');
  if (failure.provider === 'server') return within ? t('the server at {0}', failure.host ?? '') : t('The server at {0}', failure.host ?? '');
  return 'OpenAI';
}

function withDetail(t: Translate, message: string, failure: Failure): string {
  if (!failure.detail) return message;
  if (LOCAL_KINDS.has(failure.kind)) return `${message} ${t('Detail: {0}', failure.detail)}`;
  return `${message} ${t('{0} said: {1}', speaker(failure, t), failure.detail)}`;
}

function azureSetupMessage(failure: Failure, t: Translate): string {
  switch (failure.azure?.missing) {
    case 'endpoint':
      return t('Set openaiImages.azure.endpoint to your Azure OpenAI resource, for example https://my-resource.openai.azure.com.');
    case 'resource':
      return t(
        'Azure OpenAI answered "Resource not found" (404): check that openaiImages.azure.endpoint is your resource and that it has API version {0} (openaiImages.azure.apiVersion).',
        failure.azure.apiVersion ?? '',
      );
    case 'responses':
      return t(
        'Conversations use the Responses API, which Azure OpenAI API version {0} does not have. Set openaiImages.azure.apiVersion to v1 (the GA API) or to a dated version from 2025-03-01-preview on.',
        failure.azure.apiVersion ?? '',
      );
    default:
      return t(
        'No deployment of your Azure OpenAI resource serves {0}. Add it to openaiImages.azure.deployments, for example "{0}": "the deployment name".',
        failure.model ?? '',
      );
  }
}

/** How each kind of failure is explained, and what its notification offers. */
const DESCRIPTIONS: { readonly [K in FailureKind]: (failure: Failure, t: Translate) => FailureDescription } = {
  'no-key': (_failure, t) => ({ message: t('No OpenAI API key is set.'), actions: ['setApiKey'], retryable: false }),
  auth: (failure, t) =>
    failure.provider === 'azure'
      ? {
          message: withDetail(
            t,
            t(
              'Azure OpenAI refused the key or the Entra ID token (401). Check openaiImages.azure.endpoint and the key; with Entra ID, your account needs the Cognitive Services OpenAI User role on the resource.',
            ),
            failure,
          ),
          actions: ['setApiKey', 'openSettings', 'showLog'],
          retryable: false,
        }
      : { message: t('{0} refused the API key (401). Set a new key.', speaker(failure, t)), actions: ['setApiKey', 'showLog'], retryable: false },
  'azure-setup': (failure, t) => ({ message: withDetail(t, azureSetupMessage(failure, t), failure), actions: ['openSettings'], retryable: false }),
  verification: (failure, t) => ({
    message: t(
      'Your OpenAI organization must be verified to use {0}. Verify it on the OpenAI platform; it can take 15 to 30 minutes to take effect, and you may need to create a new key afterwards.',
      failure.model ?? '',
    ),
    actions: ['openVerification', 'showLog'],
    retryable: false,
  }),
  region: (_failure, t) => ({ message: t('OpenAI does not serve your country, region or territory (403).'), actions: ['showLog'], retryable: false }),
  permission: (failure, t) => ({
    message: withDetail(t, t("The key is not allowed to do this (403). Check the key's project and permissions."), failure),
    actions: ['setApiKey', 'showLog'],
    retryable: false,
  }),
  'model-not-found': (failure, t) => ({
    message: t(
      "The model {0} is not available to this key or endpoint (404). Choose another model in openaiImages.model, or check the key's project.",
      failure.model ?? '',
    ),
    actions: ['openSettings', 'showLog'],
    retryable: false,
  }),
  'model-retired': (failure, t) => ({
    message: t('OpenAI has shut down {0} (404), so nothing was made. Choose a current model in openaiImages.model.', failure.model ?? ''),
    actions: ['openSettings', 'showLog'],
    retryable: false,
  }),
  'rate-limit': (_failure, t) => ({
    message: t('Rate limit reached (429): your usage tier allows only a few images per minute. Wait a moment and retry.'),
    actions: ['retry', 'openUsageLimits'],
    retryable: true,
  }),
  quota: (_failure, t) => ({
    message: t('Your OpenAI account has run out of quota (429). Add credit or raise your spending limit; retrying will not help.'),
    actions: ['openBilling'],
    retryable: false,
  }),
  moderation: (failure, t) => {
    const stage = failure.moderation?.stage ? t(' at the {0} stage', failure.moderation.stage) : '';
    const categories = failure.moderation?.categories.length ? t(' (categories: {0})', failure.moderation.categories.join(', ')) : '';
    return {
      message: t("OpenAI's safety system blocked this request{0}{1}. Edit the prompt and try again.", stage, categories),
      actions: ['editPrompt'],
      retryable: false,
    };
  },
  'invalid-request': (failure, t) => ({
    message: withDetail(t, t('{0} refused the request ({1}).', speaker(failure, t), failure.status ?? 400), failure),
    actions: ['openSettings', 'showLog'],
    retryable: false,
  }),
  server: (failure, t) => ({
    message: withDetail(t, t('{0} had a server error ({1}). Try again in a moment.', speaker(failure, t), failure.status ?? 500), failure),
    actions: ['retry', 'showLog'],
    retryable: true,
  }),
  timeout: (failure, t) => ({
    message: t(
      'No answer from {0} after {1} seconds. Try again, or raise openaiImages.requestTimeoutSeconds.',
      speaker(failure, t, true),
      failure.timeoutSeconds ?? 0,
    ),
    actions: ['retry', 'openSettings'],
    retryable: true,
  }),
  offline: (failure, t) => ({
    message: withDetail(t, t('Could not reach {0}. Check your network connection, proxy or openaiImages.baseUrl.', failure.host ?? 'api.openai.com'), failure),
    actions: ['retry', 'showLog'],
    retryable: true,
  }),
  cancelled: (_failure, t) => ({ message: t('Cancelled. Nothing was written.'), actions: [], retryable: true }),
  'proxy-auth': (_failure, t) => ({
    message: t(
      'The proxy asked for credentials (407). In VS Code set http.proxy to http://user:password@proxy:port (or http.proxyAuthorization); for the command line and the MCP server put them in HTTPS_PROXY.',
    ),
    actions: ['showLog'],
    retryable: false,
  }),
  'untrusted-certificate': (failure, t) => ({
    message: withDetail(
      t,
      t(
        'The TLS certificate presented for {0} is not trusted. A company proxy that inspects traffic re-signs it with its own certificate authority: in VS Code keep http.systemCertificates on and add that authority to the system, for the command line and the MCP server set NODE_EXTRA_CA_CERTS to its PEM file.',
        failure.host ?? 'api.openai.com',
      ),
      failure,
    ),
    actions: ['showLog'],
    retryable: false,
  }),
  'invalid-input': (failure, t) => ({
    message: (failure.problems ?? []).map((problem) => describeProblem(problem, t)).join(' '),
    actions: [],
    retryable: false,
  }),
  'unexpected-output': (failure, t) => ({
    message: t('OpenAI answered, but not with a {0} image. Nothing was written.', failure.format ?? ''),
    actions: ['retry', 'showLog'],
    retryable: true,
  }),
  'write-failed': (failure, t) =>
    failure.recovered?.length
      ? {
          message: t(
            'Could not write {0}: {1}. The image you paid for is kept in recovery until you save or discard it: {2}',
            failure.path ?? '',
            failure.detail ?? '',
            failure.recovered.join(', '),
          ),
          actions: ['saveRecovered', 'showRecovery'],
          retryable: false,
        }
      : {
          message: t('Could not write {0}: {1}. Nothing was left behind.', failure.path ?? '', failure.detail ?? ''),
          actions: ['showLog'],
          retryable: true,
        },
  'image-call-failed': (failure, t) => ({
    message: withDetail(t, t('The model tried to make an image, but the image tool failed. Nothing was written; try the turn again.'), failure),
    actions: ['retry', 'showLog'],
    retryable: true,
  }),
};

export function describeFailure(failure: Failure, t: Translate): FailureDescription {
  return DESCRIPTIONS[failure.kind](failure, t);
}
