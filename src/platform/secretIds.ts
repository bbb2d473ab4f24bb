/** Where SecretStorage keeps each provider's key: one entry each, so that switching provider never shows one key to the other. */
import type { ProviderId } from '../core/providers';

export const SECRET_IDS: { readonly [P in ProviderId]: string } = { openai: 'openaiImages.apiKey', azure: 'openaiImages.azure.apiKey' };
