/** fast-check generators shared by the property tests. */
import fc from 'fast-check';
import { COMPLEXITIES, KNOWN_MODEL_IDS, OUTPUT_FORMATS, QUALITIES } from '../../src/core/modelCatalogue';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';

const sizeArbitrary = fc.oneof(
  fc.constantFrom('auto', '1024x1024', '1536x1024', '1024x1536', '512x512', '1792x1024'),
  fc.tuple(fc.integer({ min: 1, max: 260 }), fc.integer({ min: 1, max: 260 })).map(([w, h]) => `${w * 16}x${h * 16}`),
  fc.tuple(fc.integer({ min: 100, max: 4000 }), fc.integer({ min: 100, max: 4000 })).map(([w, h]) => `${w}x${h}`),
);

/** Any combination of the settings' values, including ones the API refuses, and odd sizes. */
export const settingsArbitrary: fc.Arbitrary<Settings> = fc
  .record({
    model: fc.constantFrom(...KNOWN_MODEL_IDS),
    size: sizeArbitrary,
    quality: fc.constantFrom(...QUALITIES),
    complexity: fc.constantFrom(...COMPLEXITIES),
    background: fc.constantFrom('auto', 'transparent', 'opaque'),
    outputFormat: fc.constantFrom(...OUTPUT_FORMATS),
    outputCompression: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    moderation: fc.constantFrom('auto', 'low'),
    count: fc.integer({ min: 1, max: 10 }),
    inputFidelity: fc.constantFrom('low', 'high'),
  })
  .map((picked) => ({ ...DEFAULT_SETTINGS, ...picked }));
