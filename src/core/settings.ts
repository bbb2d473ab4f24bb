/**
 * Every setting under `openaiImages.`: its schema and default, declared once.
 * A test checks this table against `contributes.configuration` in package.json.
 */
import { z } from 'zod';
import { COMPLEXITIES, DEFAULT_MODEL, KNOWN_MODEL_IDS, OUTPUT_FORMATS, QUALITIES } from './modelCatalogue';
import { CONVERSATION_MODEL_PATTERN, DEFAULT_CONVERSATION_MODEL } from './conversation/mainlineModels';
import { CONTENT_CREDENTIALS_CHOICES } from './credentials/imagePlacement';
import { IMAGE_CONTENT_CHOICES } from './agentImageContent';
import { WRITER_MODEL_PATTERN } from './writer/writerChoice';
import { COMPATIBLE_MODEL_ID_PATTERN, compatibleModelsSchema } from './compatibleModels';
import { AZURE_API_VERSION_PATTERN, AZURE_AUTHENTICATIONS, AZURE_DEFAULT_API_VERSION, AZURE_DEPLOYMENT_PATTERN, PROVIDERS } from './providers';

export const SETTINGS_SECTION = 'openaiImages';

const optionalText = z.string().trim();

export const settingSchemas = {
  // Retired models parse too, so a setting naming one leads to its successor instead of an "invalid value".
  model: z.enum(KNOWN_MODEL_IDS),
  conversationModel: z.string().regex(CONVERSATION_MODEL_PATTERN),
  writerModel: z.string().regex(WRITER_MODEL_PATTERN),
  altText: z.enum(['describe', 'prompt']),
  conversationStorage: z.enum(['openai', 'local']),
  contentCredentials: z.enum(CONTENT_CREDENTIALS_CHOICES),
  size: z.string().regex(/^(auto|[1-9]\d{2,3}x[1-9]\d{2,3})$/),
  quality: z.enum(QUALITIES),
  complexity: z.enum(COMPLEXITIES),
  background: z.enum(['auto', 'transparent', 'opaque']),
  outputFormat: z.enum(OUTPUT_FORMATS),
  gifFrameCount: z.number().int().min(2).max(16),
  gifFrameDurationMs: z.number().int().min(10).max(655_350),
  outputCompression: z.number().int().min(0).max(100).nullable(),
  moderation: z.enum(['auto', 'low']),
  count: z.number().int().min(1).max(10),
  inputFidelity: z.enum(['low', 'high']),
  outputFolder: z.string(),
  requestTimeoutSeconds: z.number().int().min(10).max(1800),
  maxRetries: z.number().int().min(0).max(5),
  confirmAboveUsd: z.number().min(0).max(1000),
  agentSpendLimitUsd: z.number().min(0).max(1000),
  agentImageContent: z.enum(IMAGE_CONTENT_CHOICES),
  partialImages: z.number().int().min(0).max(3),
  historyLimit: z.number().int().min(10).max(5000),
  assetConcurrency: z.number().int().min(1).max(16),
  organization: optionalText,
  project: optionalText,
  baseUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]),
  provider: z.enum(PROVIDERS),
  'azure.endpoint': z.union([z.literal(''), z.url({ protocol: /^https?$/ })]),
  'azure.apiVersion': z.string().regex(AZURE_API_VERSION_PATTERN),
  'azure.deployments': z.record(z.string().min(1).max(100), z.string().regex(AZURE_DEPLOYMENT_PATTERN)),
  'azure.authentication': z.enum(AZURE_AUTHENTICATIONS),
  compatibleModel: z.union([z.literal(''), z.string().regex(COMPATIBLE_MODEL_ID_PATTERN)]),
  compatibleModels: compatibleModelsSchema,
} as const;

export type SettingKey = keyof typeof settingSchemas;
export type Settings = { [K in SettingKey]: z.infer<(typeof settingSchemas)[K]> };

export const DEFAULT_SETTINGS: Settings = {
  model: DEFAULT_MODEL,
  conversationModel: DEFAULT_CONVERSATION_MODEL,
  writerModel: '',
  altText: 'describe',
  conversationStorage: 'openai',
  contentCredentials: 'keep',
  size: 'auto',
  quality: 'medium',
  complexity: 'auto',
  background: 'auto',
  outputFormat: 'png',
  gifFrameCount: 9,
  gifFrameDurationMs: 200,
  outputCompression: null,
  moderation: 'auto',
  count: 1,
  inputFidelity: 'low',
  outputFolder: '',
  requestTimeoutSeconds: 300,
  maxRetries: 2,
  confirmAboveUsd: 0.5,
  agentSpendLimitUsd: 2,
  agentImageContent: 'thumbnail',
  partialImages: 2,
  historyLimit: 500,
  assetConcurrency: 3,
  organization: '',
  project: '',
  baseUrl: '',
  provider: 'openai',
  'azure.endpoint': '',
  'azure.apiVersion': AZURE_DEFAULT_API_VERSION,
  'azure.deployments': {},
  'azure.authentication': 'apiKey',
  compatibleModel: '',
  compatibleModels: {},
};

/**
 * Settings that decide where the API key is sent. They are read from user (global) settings only,
 * never from a workspace or folder, so a cloned repository cannot redirect the key.
 */
export const KEY_ROUTING_SETTINGS: readonly SettingKey[] = [
  'baseUrl',
  'organization',
  'project',
  'provider',
  'azure.endpoint',
  'azure.apiVersion',
  'azure.deployments',
  'azure.authentication',
];

/**
 * Settings read from user settings only: where the key goes, which model every conversation turn bills (a
 * repository could name a dear model the price table does not know), which model reads the user's documents and
 * pictures to write prompts and alt text, and what a compatible server's models take and cost (a repository could
 * declare a price of nothing and so pass every confirmation).
 */
export const USER_ONLY_SETTINGS: readonly SettingKey[] = [...KEY_ROUTING_SETTINGS, 'conversationModel', 'writerModel', 'compatibleModel', 'compatibleModels'];

/** Limits on the user's money: a workspace may lower them, never raise them. */
export const SPENDING_LIMIT_SETTINGS: readonly SettingKey[] = ['confirmAboveUsd', 'agentSpendLimitUsd'];

/**
 * Choices that are the user's (what OpenAI keeps of their work; whether the images they publish carry OpenAI's
 * Content Credentials): a workspace may choose only the value given here, never the other one over the user's own.
 */
export const WORKSPACE_MAY_ONLY_CHOOSE: Partial<Record<SettingKey, string>> = { conversationStorage: 'local', contentCredentials: 'keep', altText: 'prompt' };

export const SETTING_KEYS = Object.keys(settingSchemas) as SettingKey[];

export interface SettingsResult {
  readonly settings: Settings;
  /** Settings whose value was invalid and replaced by the default. */
  readonly invalid: readonly SettingKey[];
}

/** Validates raw values (undefined = not set) key by key; an invalid value falls back to its default alone. */
export function parseSettings(raw: Partial<Record<SettingKey, unknown>>): SettingsResult {
  const invalid: SettingKey[] = [];
  const settings: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const value = raw[key];
    if (value === undefined) {
      settings[key] = DEFAULT_SETTINGS[key];
      continue;
    }
    const parsed = settingSchemas[key].safeParse(value);
    if (parsed.success) {
      settings[key] = parsed.data;
    } else {
      invalid.push(key);
      settings[key] = DEFAULT_SETTINGS[key];
    }
  }
  return { settings: settings as Settings, invalid };
}
