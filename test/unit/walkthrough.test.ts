/** The getting-started walkthrough and the listing: steps completed by what was done, images that exist, a README that names only live models. */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { MODEL_CATALOGUE } from '../../src/core/modelCatalogue';
import { MILESTONE_STEPS, MILESTONES, milestoneContextKey, milestonesInHistory, WALKTHROUGH_ID, walkthroughStepId } from '../../src/core/walkthrough';

const root = path.join(__dirname, '../..');
const manifestSchema = z.object({
  categories: z.array(z.string()),
  keywords: z.array(z.string()),
  repository: z.unknown().optional(),
  galleryBanner: z.object({ color: z.string().regex(/^#[0-9a-f]{6}$/i), theme: z.enum(['dark', 'light']) }),
  contributes: z.object({
    walkthroughs: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        steps: z.array(
          z.object({
            id: z.string(),
            title: z.string(),
            description: z.string(),
            media: z.object({ markdown: z.string() }),
            completionEvents: z.array(z.string()),
          }),
        ),
      }),
    ),
  }),
});
const manifest = manifestSchema.parse(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')));
const nls = (suffix: string) => z.record(z.string(), z.string()).parse(JSON.parse(readFileSync(path.join(root, `package.nls${suffix}.json`), 'utf8')));

const done = { status: 'done' as const, kind: 'generate' as const, files: ['file:///w/docs/a.png'] };

describe('the getting-started walkthrough', () => {
  const [walkthrough] = manifest.contributes.walkthroughs;

  it('has five steps, in the order of the milestones, each completed only by its context key', () => {
    assert.equal(walkthrough?.id, WALKTHROUGH_ID);
    assert.deepEqual(
      walkthrough.steps.map((step) => step.completionEvents),
      MILESTONES.map((milestone) => [`onContext:${milestoneContextKey(milestone)}`]),
    );
    assert.deepEqual(
      walkthrough.steps.map((step) => step.id),
      MILESTONES.map((milestone) => MILESTONE_STEPS[milestone]),
    );
    assert.equal(walkthroughStepId('openai-images.openai-images', 'keyStored'), 'openai-images.openai-images#openaiImages.gettingStarted#setApiKey');
  });

  it('gives every step its own page in English, Spanish and Korean, each showing the same picture with a description', () => {
    const bundles = ['', '.es', '.ko'].map(nls);
    for (const step of walkthrough!.steps) {
      for (const text of [step.title, step.description, step.media.markdown]) {
        const key = /^%(.+)%$/.exec(text)?.[1];
        assert.ok(key, `${text} is a localized key`);
        for (const bundle of bundles) assert.ok(bundle[key], `${key} in every language`);
      }
      // VS Code does not localize a walkthrough's Markdown; the page's path is itself a localized string.
      const pages = bundles.map((bundle) => bundle[step.media.markdown.slice(1, -1)]!);
      assert.equal(new Set(pages).size, 3, `${step.id} has a page per language`);
      const pictures = pages.map((page) => {
        const markdown = readFileSync(path.join(root, page), 'utf8');
        const images = [...markdown.matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g)];
        assert.equal(images.length, 1, `${page} shows one picture`);
        const [, alt, file] = images[0]!;
        assert.ok(alt!.length > 20, `${page} describes its picture`);
        const picture = path.join(path.dirname(path.join(root, page)), file!);
        assert.ok(existsSync(picture), `${page}: ${file} exists`);
        // Only the picture: a link or raw HTML in a page would be one more thing to keep safe and true.
        assert.doesNotMatch(markdown.replace(images[0]![0], '').replace(/`[^`]*`/g, ''), /\]\(|<[a-z]/i, `${page} has no links or HTML`);
        return path.relative(root, picture);
      });
      assert.equal(new Set(pictures).size, 1, `${step.id} shows the same picture in every language`);
    }
    // Each step's button runs a real command of the extension.
    for (const step of walkthrough!.steps) {
      for (const bundle of bundles) assert.match(bundle[step.description.slice(1, -1)]!, /\]\(command:openaiImages\.[a-zA-Z]+\)$/);
    }
  });

  it('reads from the history what was done: an image, an edit drawn on the canvas, an asset of a manifest', () => {
    assert.deepEqual([...milestonesInHistory([])], []);
    assert.deepEqual([...milestonesInHistory([{ ...done, status: 'failed' }])], [], 'a failure is not a first image');
    assert.deepEqual([...milestonesInHistory([{ ...done, files: [] }])], [], 'nor an answer whose file went to recovery');
    assert.deepEqual([...milestonesInHistory([done])], ['firstImage']);
    assert.deepEqual([...milestonesInHistory([{ ...done, kind: 'edit' }])], ['firstImage'], 'an edit with a prompt alone is not a canvas edit');
    assert.deepEqual([...milestonesInHistory([{ ...done, kind: 'edit', mask: 'file:///w/a.mask.png' }])], ['firstImage', 'firstCanvasEdit']);
    assert.deepEqual([...milestonesInHistory([{ ...done, kind: 'edit', markup: 'file:///w/a.markup.png' }])], ['firstImage', 'firstCanvasEdit']);
    assert.deepEqual([...milestonesInHistory([{ ...done, origin: 'file:///w/brand.images.json' }])], ['firstImage', 'firstAsset']);
    assert.deepEqual([...milestonesInHistory([{ ...done, origin: 'file:///w/docs/guide.md' }])], ['firstImage']);
  });
});

describe('the listing', () => {
  it('says what it is: AI and Visualization, keywords, a banner, and no made-up repository', () => {
    assert.deepEqual(manifest.categories, ['AI', 'Visualization']);
    assert.ok(manifest.keywords.length >= 5 && manifest.keywords.length <= 30, 'the Marketplace takes up to 30 keywords');
    assert.ok(!JSON.stringify(manifest.repository ?? '').includes('.invalid'));
  });

  it('README images exist and neither their names nor their descriptions name a shut-down model', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/^!\[([^\]]*)\]\(([^)\s]+)\)/gm)].map((match) => ({ alt: match[1]!, file: match[2]! }));
    assert.ok(images.length > 0);
    const shutDown = MODEL_CATALOGUE.filter((entry) => entry.shutdown).map((entry) => entry.id);
    for (const { alt, file } of images) {
      assert.ok(existsSync(path.join(root, file)), `${file} exists`);
      for (const model of shutDown) assert.ok(!`${alt} ${file}`.includes(model), `${file} names ${model}, which is shut down`);
    }
  });
});
