/** The model catalogue: consistent in itself, with the SDK, with package.json and with the README. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import {
  COMPLEXITIES,
  DEFAULT_MODEL,
  FAST_MODEL,
  KNOWN_MODEL_IDS,
  MODEL_CATALOGUE,
  OUTPUT_FORMATS,
  QUALITIES,
  README_TABLE_DAY,
  modelEntry,
} from '../../src/core/modelCatalogue';
import { laneSuccessor, lifecycleOn, offeredModels, shutdownIsNear, successorOf } from '../../src/core/modelLifecycle';
import { modelsTable } from '../../src/core/modelTable';
import { DEFAULT_SETTINGS, parseSettings } from '../../src/core/settings';

const root = path.join(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const property = z.object({ default: z.unknown(), enum: z.array(z.string()).optional(), enumDescriptions: z.array(z.string()).optional() }).loose();
const properties = z
  .object({ contributes: z.object({ configuration: z.object({ properties: z.record(z.string(), property) }) }) })
  .parse(JSON.parse(read('package.json'))).contributes.configuration.properties;

describe('model catalogue', () => {
  it('names each model once; snapshots pin an alias and take what it takes', () => {
    assert.equal(new Set(KNOWN_MODEL_IDS).size, KNOWN_MODEL_IDS.length);
    for (const entry of MODEL_CATALOGUE.filter((each) => each.snapshotOf)) {
      const alias = modelEntry(entry.snapshotOf!)!;
      assert.ok(alias, entry.id);
      const { id: _id, snapshotOf: _s, pricing: _p, ...pinned } = entry;
      const { id: _aid, snapshotOf: _as, pricing: _ap, ...aliased } = alias;
      assert.deepEqual(pinned, aliased, entry.id);
    }
  });

  it('hands every shutdown to a successor that is live on that day', () => {
    for (const entry of MODEL_CATALOGUE.filter((each) => each.shutdown)) {
      const successor = entry.shutdown!.successor;
      assert.ok(modelEntry(successor), `${entry.id} -> ${successor}`);
      assert.equal(lifecycleOn(successor, entry.shutdown!.date).state, 'active', `${entry.id} -> ${successor}`);
    }
  });

  it('defaults to the newest generally available flagship, and its fast lane is the cheap choice; both live after 1 December', () => {
    assert.equal(DEFAULT_SETTINGS.model, DEFAULT_MODEL);
    assert.deepEqual([modelEntry(DEFAULT_MODEL)?.lane, modelEntry(FAST_MODEL)?.lane], ['flagship', 'fast']);
    assert.equal(modelEntry(DEFAULT_MODEL)?.generation, modelEntry(FAST_MODEL)?.generation);
    const newest = [...MODEL_CATALOGUE]
      .filter((entry) => entry.released && !entry.snapshotOf)
      .sort((a, b) => (b.released ?? '').localeCompare(a.released ?? ''))[0]!;
    assert.equal(newest.generation, modelEntry(DEFAULT_MODEL)?.generation);
    for (const day of ['2026-11-22', '2026-12-01', '2027-06-01']) {
      assert.equal(lifecycleOn(DEFAULT_MODEL, day).state, 'active');
      assert.equal(lifecycleOn(FAST_MODEL, day).state, 'active');
    }
  });

  it('knows where each model stands on a given day', () => {
    assert.deepEqual(lifecycleOn('gpt-image-1.5', '2026-11-22'), {
      state: 'deprecated',
      shutdown: '2026-12-01',
      daysLeft: 9,
      successor: 'gpt-image-2.6-sunburst',
    });
    assert.ok(shutdownIsNear(lifecycleOn('gpt-image-1.5', '2026-11-22')));
    assert.ok(!shutdownIsNear(lifecycleOn('gpt-image-1.5', '2026-10-01')), 'more than 30 days before: no warning yet');
    assert.deepEqual(lifecycleOn('gpt-image-1.5', '2026-12-01'), { state: 'shut-down', shutdown: '2026-12-01', successor: 'gpt-image-2.6-sunburst' });
    assert.deepEqual(lifecycleOn('gpt-image-1-mini', '2026-12-15'), { state: 'shut-down', shutdown: '2026-12-01', successor: 'gpt-image-2.6-flare' });
    assert.deepEqual(lifecycleOn('gpt-image-1', '2026-11-22'), { state: 'shut-down', shutdown: '2026-10-23', successor: 'gpt-image-2.5-sunburst' });
    assert.deepEqual(lifecycleOn('gpt-image-2.6-sunburst', '2026-12-15'), { state: 'active' });
    assert.deepEqual(lifecycleOn('gpt-image-9-nova', '2026-12-15'), { state: 'unknown' });
    assert.equal(successorOf('chatgpt-image-latest', '2026-12-15'), 'gpt-image-2.6-sunburst');
    assert.equal(successorOf('gpt-image-2', '2026-12-15'), undefined);
  });

  it('offers no model that is shut down or has a shutdown announced', () => {
    const offered = offeredModels();
    assert.ok(offered.includes(DEFAULT_MODEL) && offered.includes(FAST_MODEL));
    for (const id of ['gpt-image-1', 'gpt-image-1.5', 'gpt-image-1-mini', 'chatgpt-image-latest']) assert.ok(!offered.includes(id), id);
  });

  it('reads a retired model in settings as that model (so it can lead to its successor), not as invalid', () => {
    const { settings, invalid } = parseSettings({ model: 'gpt-image-1.5' });
    assert.deepEqual([settings.model, invalid], ['gpt-image-1.5', []]);
    assert.deepEqual(parseSettings({ model: 'dall-e-3' }).invalid, ['model']);
  });

  it('agrees with the openai SDK: every id is one of its ImageModel values, and the per-model facts it states', () => {
    const sdk = read('node_modules/openai/resources/images.d.ts');
    const union = /export type ImageModel = ([^;]+);/.exec(sdk)![1]!;
    const sdkModels = [...union.matchAll(/'([^']+)'/g)].map((match) => match[1]!);
    for (const id of KNOWN_MODEL_IDS) assert.ok(sdkModels.includes(id), `${id} is not in the SDK's ImageModel`);
    for (const id of sdkModels.filter((each) => each.startsWith('gpt-image') || each.startsWith('chatgpt')))
      assert.ok(modelEntry(id), `the SDK knows ${id}; the catalogue does not`);
    // "gpt-image-2.5-sunburst and gpt-image-2.5-flare, including their 2026-09-08 snapshots, also support xhigh and max."
    // GPT Image 2.6 is offered them too, marked disputed: a refusal teaches rather than withholding them from everyone.
    for (const entry of MODEL_CATALOGUE) {
      const sdkNamed = entry.generation === 'GPT Image 2.5';
      const disputed = entry.disputed?.includes('xhigh') === true;
      assert.equal(entry.qualities.includes('xhigh'), sdkNamed || disputed, entry.id);
      assert.equal(disputed, entry.generation === 'GPT Image 2.6', entry.id);
    }
    // "Supports high and low on gpt-image-1.5; gpt-image-1-mini supports only low. For gpt-image-2, omit this parameter."
    assert.deepEqual(
      [modelEntry('gpt-image-1.5')?.inputFidelity, modelEntry('gpt-image-1-mini')?.inputFidelity, modelEntry('gpt-image-2')?.inputFidelity],
      [['low', 'high'], ['low'], 'omit'],
    );
    assert.match(sdk, /GPT Image 1 was shut down on October 23, 2026/);
    assert.equal(modelEntry('gpt-image-1')?.shutdown?.date, '2026-10-23');
    // Quality, complexity and format values are the SDK's.
    for (const quality of QUALITIES) assert.match(sdk, new RegExp(`quality\\?: [^;]*'${quality}'`));
    for (const format of OUTPUT_FORMATS) assert.match(sdk, new RegExp(`output_format\\?: [^;]*'${format}'`));
    for (const complexity of COMPLEXITIES.filter((each) => each !== 'auto')) assert.match(sdk, new RegExp(`complexity\\?: [^;]*'${complexity}'`));
  });

  it("keeps package.json's enums and descriptions equal to the catalogue", () => {
    assert.deepEqual(properties['openaiImages.model']?.enum, offeredModels());
    assert.deepEqual(
      properties['openaiImages.model']?.enumDescriptions,
      offeredModels().map((id) => `%config.model.${id}%`),
    );
    assert.equal(properties['openaiImages.model']?.default, DEFAULT_MODEL);
    assert.deepEqual(properties['openaiImages.quality']?.enum, [...QUALITIES]);
    assert.deepEqual(properties['openaiImages.complexity']?.enum, [...COMPLEXITIES]);
    assert.deepEqual(properties['openaiImages.outputFormat']?.enum, [...OUTPUT_FORMATS]);
    for (const language of ['', '.es', '.ko']) {
      const strings = JSON.parse(read(`package.nls${language}.json`)) as Record<string, string>;
      for (const id of offeredModels()) assert.ok(strings[`config.model.${id}`], `config.model.${id} in package.nls${language}.json`);
    }
  });

  it("keeps the README's models table equal to the catalogue (npx tsx scripts/write-models-table.ts after a change)", () => {
    assert.ok(read('README.md').includes(modelsTable(README_TABLE_DAY)));
  });

  it("keeps the published manifest schema's models equal to the catalogue", () => {
    const schema = read('schemas/images-manifest.schema.json');
    for (const id of KNOWN_MODEL_IDS) assert.ok(schema.includes(`"${id}"`), id);
  });
});

describe('model lifecycle: shutdowns the API announced', () => {
  it('a learned shutdown counts down and stops like a known one, with the newest live model of the lane as successor', () => {
    const learned = new Map([['gpt-image-2.6-flare', '2027-01-10']]);
    assert.deepEqual(lifecycleOn('gpt-image-2.6-flare', '2026-12-31', learned), {
      state: 'deprecated',
      shutdown: '2027-01-10',
      daysLeft: 10,
      successor: 'gpt-image-2.5-flare',
    });
    assert.equal(lifecycleOn('gpt-image-2.6-flare', '2027-01-10', learned).state, 'shut-down');
    // No live model left in its lane: the default takes over.
    assert.equal(laneSuccessor('gpt-image-2', '2026-12-31'), DEFAULT_MODEL);
    // A catalogue shutdown wins over anything learned.
    assert.deepEqual(lifecycleOn('gpt-image-1.5', '2026-11-01', new Map([['gpt-image-1.5', '2030-01-01']])), lifecycleOn('gpt-image-1.5', '2026-11-01'));
    assert.equal(lifecycleOn('gpt-image-2.6-flare', '2026-12-31').state, 'active', 'nothing learned: as the catalogue says');
  });
});
