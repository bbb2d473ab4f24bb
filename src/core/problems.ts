/** What can be wrong with a request before it is sent. Each problem names the file and the limit. */

export type Problem =
  | { code: 'prompt-empty' }
  | { code: 'prompt-too-long'; length: number; max: number }
  | { code: 'prompt-binary' }
  | { code: 'size-not-offered'; size: string; model: string }
  | { code: 'size-invalid'; size: string; model: string; reason: string }
  | { code: 'transparent-format'; format: string }
  | { code: 'transparent-unsupported'; model: string }
  | { code: 'compression-format'; format: string }
  | { code: 'quality-unsupported'; model: string; quality: string; offered: string }
  | { code: 'complexity-unsupported'; model: string }
  | { code: 'format-unsupported'; model: string; format: string; offered: string }
  | { code: 'svg-count'; count: number }
  | { code: 'gif-mask' }
  | { code: 'fidelity-unsupported'; model: string }
  | { code: 'markup-unsupported'; model: string }
  | { code: 'markup-with-mask' }
  | { code: 'markup-not-png'; name: string }
  | { code: 'markup-dimensions'; name: string; markup: string; image: string }
  | { code: 'markup-no-alpha'; name: string }
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
  | { code: 'mask-no-alpha'; name: string }
  | { code: 'compatible-not-declared'; model: string; setting: 'size' | 'quality' | 'outputFormat'; value: string; offered: string }
  | { code: 'compatible-cannot'; model: string; part: 'edit' | 'mask' | 'markup' };

export const LIMITS = {
  promptChars: 32_000,
  images: 16,
  imageBytes: 50 * 1024 * 1024,
  maskBytes: 4 * 1024 * 1024,
} as const;
