/**
 * Where the requests of a run go, apart from the model catalogue: the provider, the base URL and what a compatible
 * server's models take. In VS Code these are user settings; the command line and the MCP server take them as
 * flags. A manifest never sets them (a repository cannot send the key elsewhere), so they are layered onto an
 * asset's settings from the run, not read from the manifest.
 */
import { compatibleModelsSchema, COMPATIBLE_MODEL_ID_PATTERN, isOpenAIBaseUrl, type CompatibleModels, type CompatibleSettings } from './compatibleModels';

export type EndpointSettings = Pick<CompatibleSettings, 'provider' | 'baseUrl' | 'compatibleModel' | 'compatibleModels'>;

/** The settings with the run's endpoint in place of whatever they held. */
export function withEndpoint<T extends EndpointSettings>(settings: T, endpoint: EndpointSettings | undefined): T {
  if (!endpoint) return settings;
  return {
    ...settings,
    provider: endpoint.provider,
    baseUrl: endpoint.baseUrl,
    compatibleModel: endpoint.compatibleModel,
    compatibleModels: endpoint.compatibleModels,
  };
}

export interface CompatibleFlags {
  readonly 'compatible-model'?: string;
  /** The JSON text of `--compatible-models` (read from the file when the flag named one with `@`). */
  readonly 'compatible-models'?: string;
}

export const COMPATIBLE_FLAG_OPTIONS = {
  'compatible-model': { type: 'string' },
  'compatible-models': { type: 'string' },
} as const;

export const COMPATIBLE_FLAG_USAGE = `  --compatible-model ID
                     with a --base-url that is not OpenAI's: the server's own model (e.g. flux-schnell)
  --compatible-models JSON|@FILE
                     what the server's models take and cost, as openaiImages.compatibleModels in VS Code:
                     {"flux-schnell": {"sizes": ["1024x1024"], "priceUsd": 0}}; undeclared fields are not sent`;

/** The endpoint the flags name for a base URL (undefined when it is OpenAI's), or what is wrong with them. */
export function endpointFromFlags(baseUrl: string, flags: CompatibleFlags): { endpoint?: EndpointSettings } | { wrong: string } {
  const model = flags['compatible-model'] ?? '';
  const declared = flags['compatible-models'];
  if (isOpenAIBaseUrl(baseUrl)) {
    return model || declared !== undefined ? { wrong: "--compatible-model and --compatible-models need a --base-url that is not OpenAI's" } : {};
  }
  if (model && !COMPATIBLE_MODEL_ID_PATTERN.test(model)) return { wrong: `--compatible-model must be a model id such as flux-schnell, not ${model}` };
  let compatibleModels: CompatibleModels = {};
  if (declared !== undefined) {
    let value: unknown;
    try {
      value = JSON.parse(declared);
    } catch {
      return { wrong: '--compatible-models must be a JSON object (or @FILE naming one)' };
    }
    const parsed = compatibleModelsSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { wrong: `--compatible-models: ${issue ? `${issue.path.join('.') || '(top)'}: ${issue.message}` : 'not a valid declaration'}` };
    }
    compatibleModels = parsed.data;
  }
  return { endpoint: { provider: 'openai', baseUrl, compatibleModel: model, compatibleModels } };
}
