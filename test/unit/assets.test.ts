import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { EMPTY_LOCK, parseLockFile, recipeHash, serializeLockFile, sha256 } from '../../src/core/assets/assetLock';
import { planAssets } from '../../src/core/assets/assetPlan';
import { dependencyOrder, findCycle, lineColumn, parseManifest } from '../../src/core/assets/manifestParse';
import { lockFileName, manifestJsonSchema } from '../../src/core/assets/manifestSchema';
import { runScheduled, type TaskOutcome } from '../../src/core/assets/scheduler';
import { englishTranslate } from '../../src/core/translate';
import { inputImageTokens } from '../../src/core/pricing';

const context = { manifestDir: '/repo/docs', rootDir: '/repo', t: englishTranslate, today: '2026-12-15' };
const parse = (value: unknown) => parseManifest(typeof value === 'string' ? value : JSON.stringify(value, null, 2), context);
const messages = (value: unknown) => parse(value).diagnostics.map((diagnostic) => diagnostic.message);

describe('asset manifests', () => {
  it('resolves outputs, formats and settings: built-in defaults, then defaults, then the asset', () => {
    const { manifest, diagnostics } = parse({
      defaults: { model: 'gpt-image-2.6-flare', quality: 'low' },
      assets: [
        { out: 'img/a.png', prompt: 'a' },
        { out: 'img/b.JPG', prompt: 'b', quality: 'high', outputCompression: 70 },
      ],
    });
    assert.deepEqual(diagnostics, []);
    const [a, b] = manifest!.assets;
    assert.deepEqual(
      [a!.outPath, a!.key, a!.format, a!.settings.model, a!.settings.quality, a!.settings.size],
      ['/repo/docs/img/a.png', 'img/a.png', 'png', 'gpt-image-2.6-flare', 'low', 'auto'],
    );
    assert.deepEqual(
      [b!.format, b!.settings.quality, b!.settings.outputFormat, b!.settings.outputCompression, b!.settings.count],
      ['jpeg', 'high', 'jpeg', 70, 1],
    );
  });

  it('points at unknown keys and bad values where they are', () => {
    const text =
      '{\n  "assets": [\n    { "out": "a.png", "prompt": "a", "sise": "1024x1024" },\n    { "out": "b.bmp", "prompt": "b", "quality": "ultra" }\n  ]\n}';
    const { diagnostics } = parse(text);
    const at = (message: RegExp) => {
      const found = diagnostics.find((diagnostic) => message.test(diagnostic.message));
      assert.ok(found, `no diagnostic ${message}: ${diagnostics.map((d) => d.message).join(' | ')}`);
      return { ...lineColumn(text, found.offset), text: text.slice(found.offset, found.offset + found.length) };
    };
    assert.deepEqual(at(/Unknown key "sise"/), { line: 3, column: 38, text: '"sise"' });
    assert.deepEqual(at(/assets\.1\.out/), { line: 4, column: 14, text: '"b.bmp"' });
    assert.deepEqual(at(/assets\.1\.quality/), { line: 4, column: 49, text: '"ultra"' });
  });

  it('reports JSON syntax errors with their position', () => {
    const { diagnostics, manifest } = parse('{ "assets": [ { "out": "a.png" "prompt": "x" } ] }');
    assert.equal(manifest, undefined);
    assert.equal(diagnostics[0]!.message, 'JSON: a comma is expected.');
    assert.equal(diagnostics[0]!.offset, 31);
  });

  it('refuses outputs and inputs outside the root, one file written twice, and settings the API refuses', () => {
    assert.deepEqual(messages({ assets: [{ out: '../../etc/x.png', prompt: 'x' }] }), [
      '"../../etc/x.png" is outside the workspace folder; outputs must stay inside it.',
    ]);
    assert.deepEqual(messages({ assets: [{ out: 'x.png', prompt: 'x', edit: { images: ['/home/me/.ssh/id.png'] } }] }), [
      '"/home/me/.ssh/id.png" is outside the workspace folder; edit inputs must stay inside it.',
    ]);
    assert.deepEqual(
      messages({
        assets: [
          { out: 'a/x.png', prompt: 'x' },
          { out: 'a/../a/X.png', prompt: 'y' },
        ],
      }),
      ['Assets 1 and 2 both write "a/../a/X.png".'],
    );
    assert.match(messages({ assets: [{ out: 'x.jpg', prompt: 'x', background: 'transparent' }] })[0]!, /transparent background needs PNG or WebP/);
    assert.match(
      messages({ assets: [{ out: 'x.png', prompt: 'x', size: '999x999' }] })[0]!,
      /The size 999x999 does not work with gpt-image-2\.6-sunburst: both edges must be multiples of 16/,
    );
  });

  it('orders edits after the assets they edit, and names a cycle by its path', () => {
    const { manifest } = parse({
      assets: [
        { out: 'c.png', prompt: 'c', edit: { images: ['b.png'] } },
        { out: 'b.png', prompt: 'b', edit: { images: ['a.png'], mask: 'a.png' } },
        { out: 'a.png', prompt: 'a' },
      ],
    });
    assert.deepEqual(manifest!.order, [2, 1, 0]);
    assert.deepEqual(manifest!.assets[1]!.dependsOn, [2]);
    const cyclic = messages({
      assets: [
        { out: 'a.png', prompt: 'a', edit: { images: ['c.png'] } },
        { out: 'b.png', prompt: 'b', edit: { images: ['a.png'] } },
        { out: 'c.png', prompt: 'c', edit: { images: ['b.png'] } },
      ],
    });
    assert.deepEqual(cyclic, ['These assets depend on each other in a cycle: a.png → c.png → b.png → a.png']);
    assert.deepEqual(messages({ assets: [{ out: 'self.png', prompt: 's', edit: { images: ['self.png'] } }] }), [
      'These assets depend on each other in a cycle: self.png → self.png',
    ]);
    assert.deepEqual(findCycle([[1], [2], []]), undefined);
    assert.deepEqual(dependencyOrder([[1], [2], []]), [2, 1, 0]);
  });

  it('names the lock file after the manifest', () => {
    assert.equal(lockFileName('icons.images.json'), 'icons.images.lock.json');
    assert.equal(lockFileName('odd.json'), 'odd.json.lock.json');
  });

  it('publishes the same JSON Schema VS Code uses (run npx tsx scripts/write-manifest-schema.ts after a change)', () => {
    const published: unknown = JSON.parse(readFileSync(path.join(__dirname, '../../schemas/images-manifest.schema.json'), 'utf8'));
    assert.deepEqual(published, JSON.parse(JSON.stringify(manifestJsonSchema())));
  });
});

describe('asset lock and plan', () => {
  const { manifest } = parse({
    assets: [
      { out: 'a.png', prompt: 'a' },
      { out: 'b.png', prompt: 'b', edit: { images: ['a.png'] } },
      { out: 'c.png', prompt: 'c', edit: { images: ['missing.png'] } },
    ],
  });
  const [a, b] = manifest!.assets;

  it('round-trips a lock file, sorted, and reports a damaged one instead of discarding it silently', () => {
    const lock = {
      version: 1 as const,
      assets: { 'z.png': { recipe: sha256('1'), file: sha256('2'), generatedAt: 'x' }, 'a.png': { recipe: sha256('3'), file: sha256('4'), generatedAt: 'y' } },
    };
    const text = serializeLockFile(lock);
    assert.ok(text.indexOf('"a.png"') < text.indexOf('"z.png"'));
    assert.deepEqual(parseLockFile(text).lock, lock);
    assert.deepEqual(parseLockFile(undefined), { lock: EMPTY_LOCK });
    assert.ok(parseLockFile('{"version":2}').error);
    assert.ok(parseLockFile('not json').error);
  });

  it('hashes what decides the pixels, and nothing else', () => {
    const base = recipeHash(a!, [], undefined);
    assert.equal(
      recipeHash({ ...a!, out: 'moved/a.png', outPath: '/repo/docs/moved/a.png', key: 'moved/a.png' }, [], undefined),
      base,
      'moving an asset is not a new image',
    );
    assert.notEqual(recipeHash({ ...a!, prompt: 'A' }, [], undefined), base);
    assert.notEqual(recipeHash({ ...a!, settings: { ...a!.settings, quality: 'high' } }, [], undefined), base);
    assert.notEqual(recipeHash(b!, [sha256('x')], undefined), recipeHash(b!, [sha256('y')], undefined), 'input bytes count');
  });

  it('tells missing, fresh, changed, hand-edited, untracked, input-stale and input-missing apart', () => {
    const files = new Map<string, string>([
      ['/repo/docs/a.png', sha256('A')],
      ['/repo/docs/b.png', sha256('B')],
    ]);
    const hashOf = (file: string) => files.get(file);
    const statuses = (lock = EMPTY_LOCK) => planAssets(manifest!, lock, hashOf).items.map((item) => item.status);
    assert.deepEqual(statuses(), ['untracked', 'input-stale', 'input-missing']);
    const aRecipe = recipeHash(a!, [], undefined);
    const bRecipe = recipeHash(b!, [sha256('A')], undefined);
    const fresh = {
      version: 1 as const,
      assets: { 'a.png': { recipe: aRecipe, file: sha256('A'), generatedAt: '' }, 'b.png': { recipe: bRecipe, file: sha256('B'), generatedAt: '' } },
    };
    assert.deepEqual(statuses(fresh), ['up-to-date', 'up-to-date', 'input-missing']);
    files.set('/repo/docs/b.png', sha256('hand edit'));
    assert.deepEqual(statuses(fresh), ['up-to-date', 'modified', 'input-missing']);
    files.delete('/repo/docs/a.png');
    const plan = planAssets(manifest!, fresh, hashOf);
    assert.deepEqual(
      plan.items.map((item) => item.status),
      ['missing', 'input-stale', 'input-missing'],
    );
    assert.deepEqual(
      plan.toGenerate.map((item) => item.asset.key),
      ['a.png', 'b.png'],
    );
    // The default model has token rates only, copied from gpt-image-2 and so counted 4x until measured: medium at
    // its most expensive size, 4 x 1767 tokens at $30 per million; b edits a, whose shape is unknown before it is
    // made: the widest shape at high fidelity, at $8 per million.
    const input = (inputImageTokens({ width: 3072, height: 1024 }, true) * 8) / 1e6;
    assert.ok(Math.abs(plan.estimateUsd - (2 * ((4 * 1767 * 30) / 1e6) + input)) < 1e-9, 'medium, auto size: the most expensive size, and the input');
    assert.equal(plan.approximate, true);
  });
});

describe('asset scheduler', () => {
  const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('never runs more than the limit, and honours dependencies', async () => {
    let active = 0;
    let peak = 0;
    const finished: number[] = [];
    const tasks = Array.from({ length: 10 }, (_, id) => ({ id, dependsOn: id === 9 ? [0, 1] : [] }));
    const { outcomes, maxActive } = await runScheduled({
      tasks,
      concurrency: 3,
      signal: new AbortController().signal,
      run: async (task) => {
        if (task.id === 9) assert.ok(finished.includes(0) && finished.includes(1));
        active += 1;
        peak = Math.max(peak, active);
        await tick(5 + (task.id % 3) * 5);
        active -= 1;
        finished.push(task.id);
        return { ok: true };
      },
    });
    assert.equal(peak, 3);
    assert.equal(maxActive, 3);
    assert.ok([...outcomes.values()].every((outcome) => outcome.ok));
  });

  it('puts rate-limited tasks back, halving the window, and they all succeed', async () => {
    let limited = 6;
    const windows: number[] = [];
    const { outcomes } = await runScheduled({
      tasks: Array.from({ length: 8 }, (_, id) => ({ id, dependsOn: [] })),
      concurrency: 4,
      signal: new AbortController().signal,
      baseDelayMs: 5,
      onRequeue: (_task, _delay, window) => windows.push(window),
      run: async (): Promise<TaskOutcome> => {
        await tick(2);
        if (limited > 0) {
          limited -= 1;
          return { ok: false, reason: '429', rateLimited: true, retryAfterMs: 5 };
        }
        return { ok: true };
      },
    });
    assert.ok([...outcomes.values()].every((outcome) => outcome.ok));
    assert.equal(windows.length, 6);
    assert.ok(windows.includes(1), `the window came down to 1: ${windows.join(',')}`);
  });

  it('fails a task rate limited beyond its requeues, blocks its dependents, and cancels the rest on abort', async () => {
    const result = await runScheduled({
      tasks: [
        { id: 0, dependsOn: [] },
        { id: 1, dependsOn: [0] },
      ],
      concurrency: 2,
      maxRequeues: 2,
      baseDelayMs: 1,
      signal: new AbortController().signal,
      run: async (task) => (task.id === 0 ? { ok: false, reason: '429', rateLimited: true } : { ok: true }),
    });
    assert.deepEqual(result.outcomes.get(0), { ok: false, reason: '429', rateLimited: true });
    assert.deepEqual(result.outcomes.get(1), { ok: false, reason: 'blocked', blockedBy: 0 });

    const controller = new AbortController();
    const started: number[] = [];
    const cancelled = runScheduled({
      tasks: Array.from({ length: 6 }, (_, id) => ({ id, dependsOn: [] })),
      concurrency: 2,
      signal: controller.signal,
      run: async (task) => {
        started.push(task.id);
        await tick(30);
        return controller.signal.aborted ? { ok: false, reason: 'cancelled', cancelled: true } : { ok: true };
      },
    });
    await tick(10);
    controller.abort();
    const { outcomes } = await cancelled;
    assert.deepEqual(started, [0, 1], 'nothing starts after the cancel');
    assert.ok([...outcomes.values()].every((outcome) => !outcome.ok && 'cancelled' in outcome));
  });
});
