import * as assert from 'node:assert/strict';
import { compatibleFields, compatibleModelsSchema, compatibleProblems, isOpenAIBaseUrl, type CompatibleTarget } from '../../src/core/compatibleModels';
import { compatibleEstimate } from '../../src/core/pricing';
import { USER_ONLY_SETTINGS, parseSettings } from '../../src/core/settings';

const choices = { size: '1024x1024', quality: 'high' as const, outputFormat: 'png' as const, background: 'auto', outputCompression: null, complexity: 'auto' };

describe('compatible servers', () => {
  it("knows OpenAI's own API from any other base URL", () => {
    assert.equal(isOpenAIBaseUrl(''), true);
    assert.equal(isOpenAIBaseUrl('https://api.openai.com/v1'), true);
    assert.equal(isOpenAIBaseUrl('https://API.OpenAI.com/v1'), true);
    assert.equal(isOpenAIBaseUrl('http://localhost:8080/v1'), false);
    assert.equal(isOpenAIBaseUrl('https://api.openai.com.evil.example/v1'), false);
  });

  it('sends an undeclared model the basics only, and a declared one only what is declared and chosen', () => {
    const bare: CompatibleTarget = { id: 'flux' };
    assert.deepEqual(compatibleFields(bare, choices, 'generate'), ['model', 'prompt', 'n']);
    assert.deepEqual(compatibleFields(bare, choices, 'edit'), ['model', 'prompt', 'n', 'image', 'mask']);
    const declared: CompatibleTarget = { id: 'flux', declared: { sizes: ['1024x1024'], qualities: ['low'], formats: ['png', 'jpeg'] } };
    assert.deepEqual(compatibleFields(declared, choices, 'generate'), ['model', 'prompt', 'n', 'size', 'output_format']);
    assert.deepEqual(
      compatibleFields(declared, { ...choices, size: 'auto' }, 'generate'),
      ['model', 'prompt', 'n', 'output_format'],
      'auto is the server default',
    );
  });

  it('refuses what the declaration rules out, naming the setting', () => {
    const target: CompatibleTarget = { id: 'flux', declared: { sizes: ['512x512'], qualities: ['low'], formats: ['jpeg'] } };
    assert.deepEqual(
      compatibleProblems(target, choices).map((problem) => (problem.code === 'compatible-not-declared' ? problem.setting : problem.code)),
      ['size', 'quality', 'outputFormat'],
    );
    assert.deepEqual(compatibleProblems({ id: 'flux' }, choices), [], 'nothing declared, nothing ruled out: nothing of it is sent');
  });

  it("shows an undeclared price as unknown, never as OpenAI's, and a declared one as declared", () => {
    assert.deepEqual(compatibleEstimate({ id: 'flux' }, 2), { usd: 0, approximate: false, unknown: true });
    assert.deepEqual(compatibleEstimate({ id: 'flux', declared: { priceUsd: 0.02 } }, 3), { usd: 0.06, approximate: false, basis: 'declared' });
    assert.deepEqual(compatibleEstimate({ id: 'flux', declared: { priceUsd: 0 } }, 3), { usd: 0, approximate: false, basis: 'declared' });
  });

  it('reads declarations strictly and from user settings only', () => {
    assert.ok(!compatibleModelsSchema.safeParse({ flux: { sizes: ['huge'] } }).success);
    assert.ok(!compatibleModelsSchema.safeParse({ flux: { streaming: true } }).success, 'an unknown control is a typo, not silently ignored');
    assert.ok(!compatibleModelsSchema.safeParse({ 'a b': {} }).success);
    assert.ok(compatibleModelsSchema.safeParse({ 'stabilityai/sdxl:latest': { formats: ['png'], priceUsd: null } }).success);
    assert.ok(USER_ONLY_SETTINGS.includes('compatibleModels') && USER_ONLY_SETTINGS.includes('compatibleModel'));
    assert.deepEqual(parseSettings({ compatibleModel: 'bad id!' }).invalid, ['compatibleModel']);
  });
});
