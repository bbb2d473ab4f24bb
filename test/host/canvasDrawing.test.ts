/** The drawing the edit canvas keeps beside an image: found again, and never replaced without asking. */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findDrawing, saveDrawing } from '../../src/features/canvas/drawingFile';
import { answers, recorded, resetStandIn } from './vscodeStandIn';

describe('host: the drawing kept beside an image', () => {
  let root: string;
  let image: vscode.Uri;
  const beside = (name: string) => path.join(root, name);
  const drawing = new Uint8Array([1, 2, 3, 4]);

  beforeEach(() => {
    resetStandIn();
    root = mkdtempSync(path.join(os.tmpdir(), 'openai-images-canvas-'));
    writeFileSync(beside('photo.jpg'), 'jpeg');
    image = vscode.Uri.file(beside('photo.jpg'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds photo.mask.png first, else photo.markup.png, and nothing that is not a regular file', async () => {
    assert.equal(await findDrawing(image), undefined);
    mkdirSync(beside('photo.mask.png'));
    writeFileSync(beside('photo.markup.png'), 'markup');
    assert.deepEqual(await findDrawing(image).then((found) => [found?.mode, found?.uri.fsPath]), ['markup', beside('photo.markup.png')]);
    rmSync(beside('photo.mask.png'), { recursive: true });
    writeFileSync(beside('photo.mask.png'), 'mask');
    assert.equal((await findDrawing(image))?.mode, 'mask');
  });

  it('writes a new drawing without a question; the same bytes again are left alone without one', async () => {
    assert.deepEqual(
      await saveDrawing(image, 'mask', drawing).then((outcome) => typeof outcome === 'object' && outcome.saved.fsPath),
      beside('photo.mask.png'),
    );
    assert.deepEqual([...readFileSync(beside('photo.mask.png'))], [1, 2, 3, 4]);
    assert.equal(typeof (await saveDrawing(image, 'mask', drawing)), 'object');
    assert.deepEqual(recorded.shown, []);
  });

  it('asks before replacing another drawing: Replace replaces, Edit Without Saving and closing keep it', async () => {
    writeFileSync(beside('photo.markup.png'), 'older drawing');
    answers.messages.push(undefined);
    assert.equal(await saveDrawing(image, 'markup', drawing), 'cancelled');
    const asked = recorded.shown.at(-1)!;
    assert.equal(asked.modal, true);
    assert.equal(asked.message, 'photo.markup.png already exists. Replace it with this drawing?');
    assert.deepEqual(asked.items, ['Replace', 'Edit Without Saving']);
    answers.messages.push('Edit Without Saving');
    assert.equal(await saveDrawing(image, 'markup', drawing), 'not-saved');
    assert.equal(readFileSync(beside('photo.markup.png'), 'utf8'), 'older drawing');
    answers.messages.push('Replace');
    assert.equal(typeof (await saveDrawing(image, 'markup', drawing)), 'object');
    assert.deepEqual([...readFileSync(beside('photo.markup.png'))], [1, 2, 3, 4]);
  });

  it("never writes through a link in the drawing's place, nor into a folder there", async () => {
    const outside = mkdtempSync(path.join(os.tmpdir(), 'openai-images-outside-'));
    try {
      writeFileSync(path.join(outside, 'target.png'), 'theirs');
      symlinkSync(path.join(outside, 'target.png'), beside('photo.mask.png'));
      assert.equal(await saveDrawing(image, 'mask', drawing), 'not-saved');
      assert.equal(readFileSync(path.join(outside, 'target.png'), 'utf8'), 'theirs');
      assert.match(recorded.shown.at(-1)!.message, /photo\.mask\.png is not a regular file, so the drawing was not saved there/);
      assert.equal(await findDrawing(image), undefined, 'a link is not offered as the drawing either');
      mkdirSync(beside('photo.markup.png'));
      assert.equal(await saveDrawing(image, 'markup', drawing), 'not-saved');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
