/** Property-based: whatever the settings, the builder refuses exactly the combinations the API refuses. */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { modelEntry } from '../../src/core/modelCatalogue';
import { checkSize } from '../../src/core/models';
import { planEdit, planGenerate } from '../../src/core/requestPlan';
import { settingsArbitrary } from '../support/arbitraries';

const GENERATE_KEYS = new Set([
  'model',
  'prompt',
  'n',
  'size',
  'quality',
  'background',
  'output_format',
  'output_compression',
  'moderation',
  'complexity',
  'frame_count',
  'frame_duration_ms',
]);

describe('request planning (properties)', () => {
  it('generate: refuses exactly the combinations the API refuses, and builds only known fields', () => {
    fc.assert(
      fc.property(
        settingsArbitrary,
        fc.string({ minLength: 1, maxLength: 50 }).filter((p) => p.trim() !== '' && !/[\p{Cc}\ufffd]/u.test(p)),
        (settings, prompt) => {
          const plan = planGenerate(prompt, settings);
          // The SDK's rules, restated from the catalogue's facts rather than from the planner's code.
          const model = modelEntry(settings.model)!;
          const format = settings.outputFormat;
          const refusable =
            !checkSize(settings.model, settings.size).ok ||
            !model.qualities.includes(settings.quality) ||
            (settings.complexity !== 'auto' && !model.complexity) ||
            !model.outputFormats.includes(format) ||
            (settings.background === 'transparent' && !['png', 'webp'].includes(format)) ||
            (settings.outputCompression !== null && !['jpeg', 'webp'].includes(format)) ||
            (format === 'svg' && settings.count !== 1);
          assert.equal(plan.ok, !refusable, JSON.stringify(plan.ok ? {} : plan.problems));
          if (!plan.ok) return;
          assert.ok(Object.keys(plan.body).every((key) => GENERATE_KEYS.has(key)));
          assert.equal(plan.body.model, settings.model);
          assert.equal(plan.body.n, settings.count);
          assert.equal('output_compression' in plan.body, settings.outputCompression !== null);
          assert.equal('complexity' in plan.body, settings.complexity !== 'auto');
          assert.equal('frame_count' in plan.body, format === 'gif');
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('edit: never sends input_fidelity where the model does not take it, nor moderation', () => {
    // A 1x1 PNG is enough: these properties are about parameters, not pixels.
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4f20000000049454e44ae426082',
      'hex',
    );
    fc.assert(
      fc.property(settingsArbitrary, (settings) => {
        const plan = planEdit('x', [{ name: 'a.png', bytes: png }], undefined, settings);
        const fidelity = modelEntry(settings.model)!.inputFidelity;
        if (!plan.ok) {
          const fidelityRefused = plan.problems.some((problem) => problem.code === 'fidelity-unsupported');
          assert.equal(fidelityRefused, Array.isArray(fidelity) && !fidelity.includes(settings.inputFidelity));
          return;
        }
        assert.ok(!('moderation' in plan.body));
        if (fidelity === 'omit') assert.ok(!('input_fidelity' in plan.body), settings.model);
        else assert.equal(plan.body.input_fidelity, settings.inputFidelity);
      }),
      { numRuns: 2000 },
    );
  });
});
