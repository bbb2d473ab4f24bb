import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { DEFAULT_SETTINGS, SETTING_KEYS, USER_ONLY_SETTINGS, parseSettings, settingSchemas } from '../../src/core/settings';
import { offeredModels } from '../../src/core/modelLifecycle';

const manifestSchema = z.object({
  contributes: z.object({
    configuration: z.object({
      properties: z.record(
        z.string(),
        z
          .object({
            default: z.unknown(),
            enum: z.array(z.unknown()).optional(),
            scope: z.string().optional(),
            minimum: z.number().optional(),
            maximum: z.number().optional(),
          })
          .loose(),
      ),
    }),
  }),
  capabilities: z.object({ untrustedWorkspaces: z.object({ supported: z.string(), restrictedConfigurations: z.array(z.string()) }) }),
});
const manifest = manifestSchema.parse(JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')));
const properties = manifest.contributes.configuration.properties;

describe('settings', () => {
  it('declares exactly the settings the code reads, with the same defaults', () => {
    assert.deepEqual(Object.keys(properties).sort(), SETTING_KEYS.map((key) => `openaiImages.${key}`).sort());
    for (const key of SETTING_KEYS) {
      assert.deepEqual(properties[`openaiImages.${key}`]?.default, DEFAULT_SETTINGS[key], `default of ${key}`);
      assert.ok(settingSchemas[key].safeParse(DEFAULT_SETTINGS[key]).success, `default of ${key} passes its own schema`);
    }
  });

  it('offers the same enum values in package.json as the schemas accept', () => {
    for (const key of SETTING_KEYS) {
      const values = properties[`openaiImages.${key}`]?.enum;
      if (!values) continue;
      for (const value of values) assert.ok(settingSchemas[key].safeParse(value).success, `${key}: ${String(value)}`);
    }
    assert.deepEqual(properties['openaiImages.model']?.enum, offeredModels());
  });

  it('keeps numeric ranges in package.json and the schemas in step', () => {
    for (const key of SETTING_KEYS) {
      const property = properties[`openaiImages.${key}`];
      if (property?.minimum === undefined || property.maximum === undefined) continue;
      assert.ok(settingSchemas[key].safeParse(property.minimum).success, `${key} minimum`);
      assert.ok(settingSchemas[key].safeParse(property.maximum).success, `${key} maximum`);
      assert.ok(!settingSchemas[key].safeParse(property.minimum - 1).success, `${key} below minimum`);
      assert.ok(!settingSchemas[key].safeParse(property.maximum + 1).success, `${key} above maximum`);
    }
  });

  it('makes the settings that decide where the key and the money go application-scoped and restricted in untrusted workspaces', () => {
    for (const key of USER_ONLY_SETTINGS) {
      assert.equal(properties[`openaiImages.${key}`]?.scope, 'application', key);
      assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(`openaiImages.${key}`), key);
    }
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  });

  it('uses defaults for unset values', () => {
    assert.deepEqual(parseSettings({}), { settings: DEFAULT_SETTINGS, invalid: [] });
  });

  it('replaces each invalid value by its default and names it', () => {
    const result = parseSettings({ model: 'dall-e-3', count: 11, quality: 'high', outputCompression: 101, baseUrl: 'file:///etc/passwd' });
    assert.deepEqual([...result.invalid].sort(), ['baseUrl', 'count', 'model', 'outputCompression']);
    assert.equal(result.settings.model, 'gpt-image-2.6-sunburst');
    assert.equal(result.settings.count, 1);
    assert.equal(result.settings.quality, 'high', 'a valid value beside invalid ones is kept');
    assert.equal(result.settings.baseUrl, '');
  });

  it('accepts an https base URL and trims organization ids', () => {
    const result = parseSettings({ baseUrl: 'https://example.openai.azure.com/openai/v1', organization: '  org-123 ' });
    assert.deepEqual(result.invalid, []);
    assert.equal(result.settings.baseUrl, 'https://example.openai.azure.com/openai/v1');
    assert.equal(result.settings.organization, 'org-123');
  });
});
