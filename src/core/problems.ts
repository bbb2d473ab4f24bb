/** What can be wrong with a request before it is sent. Each problem names the file and the limit. */

export type Problem =
  | { code: 'prompt-empty' }
  | { code: 'prompt-too-long'; length: number; max: number }
  | { code: 'prompt-binary' }
  | { code: 'size-not-offered'; size: string; model: string }
  | { code: 'size-invalid'; size: string; model: string; reason: string }
  | { code: 'transparent-jpeg' }
  | { code: 'compression-png' }
  | { code: 'fidelity-unsupported'; model: string }
  | { code: 'no-images' }
  | { code: 'too-many-images'; count: number; max: number }
  | { code: 'image-empty'; name: string }
  | { code: 'image-too-large'; name: string; megabytes: number; maxMegabytes: number }
  | { code: 'image-unsupported'; name: string }
  | { code: 'image-truncated'; name: string }
  | { code: 'mask-not-png'; name: string }
  | { code: 'mask-image-not-png'; name: string }
  | { code: 'mask-too-large'; name: string; megabytes: number; maxMegabytes: number }
  | { code: 'mask-dimensions'; name: string; mask: string; image: string }
  | { code: 'mask-no-alpha'; name: string };

export const LIMITS = {
  promptChars: 32_000,
  images: 16,
  imageBytes: 50 * 1024 * 1024,
  maskBytes: 4 * 1024 * 1024,
} as const;
