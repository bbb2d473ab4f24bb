/** Property-based: whatever the settings, the builder refuses exactly the combinations the API refuses. */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkSize } from '../../src/core/models';
import { planEdit, planGenerate } from '../../src/core/requestPlan';
import { settingsArbitrary } from '../support/arbitraries';

const GENERATE_KEYS = new Set(['model', 'prompt', 'n', 'size', 'quality', 'background', 'output_format', 'output_compression', 'moderation']);

describe('request planning (properties)', () => {
  it('generate: refuses exactly the combinations the API refuses, and builds only known fields', () => {
    fc.assert(
      fc.property(settingsArbitrary, fc.string({ minLength: 1, maxLength: 50 }).filter((p) => p.trim() !== '' && !/[\u0000-\u001f\ufffd]/.test(p)), (settings, prompt) => {
        const plan = planGenerate(prompt, settings);
        const refusable =
          !checkSize(settings.model, settings.size).ok ||
          (settings.background === 'transparent' && settings.outputFormat === 'jpeg') ||
          (settings.outputCompression !== null && settings.outputFormat === 'png');
        assert.equal(plan.ok, !refusable);
        if (!plan.ok) return;
        assert.ok(Object.keys(plan.body).every((key) => GENERATE_KEYS.has(key)));
        assert.equal(plan.body.model, settings.model);
        assert.equal(plan.body.n, settings.count);
        assert.equal('output_compression' in plan.body, settings.outputCompression !== null);
      }),
      { numRuns: 3000 },
    );
  });

  it('edit: never sends input_fidelity where the model does not take it, nor moderation', () => {
    // A 1x1 PNG is enough: these properties are about parameters, not pixels.
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4f20000000049454e44ae426082', 'hex');
    fc.assert(
      fc.property(settingsArbitrary, (settings) => {
        const plan = planEdit('x', [{ name: 'a.png', bytes: png }], undefined, settings);
        if (!plan.ok) {
          const fidelityRefused = plan.problems.some((problem) => problem.code === 'fidelity-unsupported');
          assert.equal(fidelityRefused, settings.model === 'gpt-image-1-mini' && settings.inputFidelity === 'high');
          return;
        }
        assert.ok(!('moderation' in plan.body));
        if (settings.model === 'gpt-image-1-mini' || settings.model === 'gpt-image-2') assert.ok(!('input_fidelity' in plan.body), settings.model);
        else assert.equal(plan.body.input_fidelity, settings.inputFidelity);
      }),
      { numRuns: 2000 },
    );
  });
});
