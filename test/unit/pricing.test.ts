import * as assert from 'node:assert/strict';
import { actualCost, estimateCost, formatUsd, inputImageTokens } from '../../src/core/pricing';

describe('pricing', () => {
  // The table of shared/notes/images-api.md, cell by cell.
  const table: Array<[string, 'low' | 'medium' | 'high', number, number]> = [
    ['gpt-image-1.5', 'low', 0.009, 0.013],
    ['gpt-image-1.5', 'medium', 0.034, 0.05],
    ['gpt-image-1.5', 'high', 0.133, 0.2],
    ['gpt-image-1', 'low', 0.011, 0.016],
    ['gpt-image-1', 'medium', 0.042, 0.063],
    ['gpt-image-1', 'high', 0.167, 0.25],
    ['gpt-image-1-mini', 'low', 0.005, 0.006],
    ['gpt-image-1-mini', 'medium', 0.011, 0.015],
    ['gpt-image-1-mini', 'high', 0.036, 0.052],
    ['gpt-image-2', 'low', 0.006, 0.005],
    ['gpt-image-2', 'medium', 0.053, 0.041],
    ['gpt-image-2', 'high', 0.211, 0.165],
  ];
  for (const [model, quality, square, oblong] of table) {
    it(`${model} ${quality}: $${square} square, $${oblong} portrait and landscape`, () => {
      const at = (size: string, n = 1) => estimateCost({ model, size, quality, n });
      assert.deepEqual(at('1024x1024'), { usd: square, approximate: false, basis: 'per-image' });
      assert.deepEqual(at('1024x1536'), { usd: oblong, approximate: false, basis: 'per-image' });
      assert.deepEqual(at('1536x1024'), { usd: oblong, approximate: false, basis: 'per-image' });
      assert.ok(Math.abs(at('1024x1024', 3).usd - square * 3) < 1e-12, 'count multiplies');
    });
  }

  it("adds 100 output tokens per partial image, per image, at each model's output rate", () => {
    const rates = { 'gpt-image-1.5': 32, 'gpt-image-1': 40, 'gpt-image-1-mini': 8, 'gpt-image-2': 30 } as const;
    for (const [model, rate] of Object.entries(rates)) {
      const plain = estimateCost({ model: model as never, size: '1024x1024', quality: 'low', n: 1 });
      const streamed = estimateCost({ model: model as never, size: '1024x1024', quality: 'low', n: 1, partialImages: 3 });
      assert.ok(Math.abs(streamed.usd - plain.usd - (300 * rate) / 1e6) < 1e-12, model);
      assert.equal(streamed.approximate, plain.approximate);
      // The actual cost of those tokens, from a response's usage, is the same figure.
      const usage = (out: number) => ({ input_tokens: 0, output_tokens: out });
      assert.ok(Math.abs(actualCost(model as never, usage(1356)) - actualCost(model as never, usage(1056)) - (300 * rate) / 1e6) < 1e-12);
    }
  });

  it('estimates auto at its most expensive choice, marked approximate', () => {
    assert.deepEqual(estimateCost({ model: 'gpt-image-1.5', size: 'auto', quality: 'medium', n: 1 }), { usd: 0.05, approximate: true, basis: 'per-image' });
    assert.deepEqual(estimateCost({ model: 'gpt-image-1.5', size: '1024x1024', quality: 'auto', n: 1 }), { usd: 0.133, approximate: true, basis: 'per-image' });
  });

  it('scales gpt-image-2 free sizes by pixels', () => {
    const estimate = estimateCost({ model: 'gpt-image-2', size: '2048x2048', quality: 'medium', n: 1 });
    assert.ok(Math.abs(estimate.usd - 0.053 * 4) < 1e-12);
    assert.equal(estimate.approximate, true);
  });

  it('computes the actual cost from usage tokens', () => {
    // gpt-image-1.5 medium square: 1056 output tokens at $32/M, 20 text tokens at $5/M.
    const usd = actualCost('gpt-image-1.5', { input_tokens: 20, output_tokens: 1056, input_tokens_details: { text_tokens: 20, image_tokens: 0 } });
    assert.ok(Math.abs(usd - (1056 * 32 + 20 * 5) / 1e6) < 1e-12);
    const edit = actualCost('gpt-image-1-mini', { input_tokens: 1000, output_tokens: 272, input_tokens_details: { text_tokens: 100, image_tokens: 900 } });
    assert.ok(Math.abs(edit - (100 * 2 + 900 * 2.5 + 272 * 8) / 1e6) < 1e-12);
  });

  it('formats dollars for people', () => {
    assert.equal(formatUsd(0.0338), '$0.034');
    assert.equal(formatUsd(1.2), '$1.20');
  });

  it("counts an edit's input images: once per request, more at high fidelity, the most for unknown shapes", () => {
    const base = { model: 'gpt-image-1.5', size: '1024x1024', quality: 'high' as const, n: 1 };
    const plain = estimateCost(base).usd;
    const low = estimateCost({ ...base, inputImages: [{ width: 1024, height: 1024 }], inputFidelity: 'low' }).usd;
    const high = estimateCost({ ...base, inputImages: [{ width: 1024, height: 1024 }], inputFidelity: 'high' }).usd;
    const unknown = estimateCost({ ...base, inputImages: [undefined], inputFidelity: 'high' }).usd;
    assert.ok(plain < low && low < high && high < unknown, `${plain} < ${low} < ${high} < ${unknown}`);
    // 1024x1024: short side to 512, one tile: 65 + 129 tokens at $8 per million image input tokens.
    assert.equal(inputImageTokens({ width: 1024, height: 1024 }, false), 194);
    assert.ok(Math.abs(low - plain - (194 * 8) / 1_000_000) < 1e-9);
    // Billed once, not per image asked for.
    const four = estimateCost({ ...base, n: 4, inputImages: [{ width: 1024, height: 1024 }], inputFidelity: 'low' }).usd;
    assert.ok(Math.abs(four - estimateCost({ ...base, n: 4 }).usd - (194 * 8) / 1_000_000) < 1e-9);
    // 2.x models take no input_fidelity: they always keep inputs at high fidelity.
    const sunburst = { model: 'gpt-image-2.6-sunburst', size: '1024x1024', quality: 'high' as const, n: 1 };
    assert.equal(
      estimateCost({ ...sunburst, inputImages: [{ width: 1024, height: 1024 }], inputFidelity: 'low' }).usd,
      estimateCost({ ...sunburst, inputImages: [{ width: 1024, height: 1024 }], inputFidelity: 'high' }).usd,
    );
  });

  it('makes forty high-quality edits cost what they cost, inputs included', () => {
    const one = estimateCost({ model: 'gpt-image-2.6-sunburst', size: '1536x1024', quality: 'high', n: 1, inputImages: [{ width: 1536, height: 1024 }] });
    assert.ok(one.approximate);
    assert.ok(40 * one.usd > 40 * estimateCost({ model: 'gpt-image-2.6-sunburst', size: '1536x1024', quality: 'high', n: 1 }).usd + 40 * 0.04);
  });
});
