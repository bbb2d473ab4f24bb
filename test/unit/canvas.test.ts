/** The edit canvas's pure parts: coordinates under zoom and pan, undo and redo, what each operation draws, masks. */
import * as assert from 'node:assert/strict';
import { arrowHead, drawOperation, MASK_TINT, noteLines, rectBetween, type DrawingContext, type DrawingOperation } from '../../src/core/canvas/drawing';
import { DrawingHistory } from '../../src/core/canvas/drawingHistory';
import { layerFromMask, maskFromLayer, paintedPixels, rgbOf } from '../../src/core/canvas/maskPixels';
import { actualSizeView, fitView, MAX_SCALE, MIN_SCALE, panBy, toImage, toScreen, wheelFactor, zoomAt } from '../../src/core/canvas/viewport';
import { canvasModels, initialModel } from '../../src/core/canvasChoices';
import { drawingNameFor, maskNameFor } from '../../src/core/fileNaming';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} != ${expected}`);

describe('canvas viewport: screen and image coordinates', () => {
  const image = { width: 4096, height: 2048 };
  const screen = { width: 800, height: 600 };

  it('fit shows the whole image centred, never enlarged beyond 100%', () => {
    const view = fitView(image, screen);
    close(view.scale, (800 - 32) / 4096);
    const topLeft = toScreen(view, { x: 0, y: 0 });
    const bottomRight = toScreen(view, { x: 4096, y: 2048 });
    close(topLeft.x, 16);
    close(800 - bottomRight.x, 16);
    close(topLeft.y, 600 - bottomRight.y);
    assert.equal(fitView({ width: 100, height: 50 }, screen).scale, 1);
  });

  it('100% puts one image pixel on one screen pixel, centred', () => {
    const view = actualSizeView(image, screen);
    assert.equal(view.scale, 1);
    assert.deepEqual(toImage(view, { x: 400, y: 300 }), { x: 2048, y: 1024 });
  });

  it('zooming keeps the image point under the pointer still, at any zoom and pan', () => {
    let view = panBy(fitView(image, screen), 37, -12);
    for (const [at, factor] of [
      [{ x: 120, y: 80 }, 2],
      [{ x: 700, y: 500 }, 1.25],
      [{ x: 10, y: 590 }, 0.5],
    ] as const) {
      const before = toImage(view, at);
      view = zoomAt(view, at, factor);
      const after = toImage(view, at);
      close(after.x, before.x);
      close(after.y, before.y);
    }
  });

  it('screen to image and back is the identity; panning moves the image by screen pixels', () => {
    const view = zoomAt(fitView(image, screen), { x: 300, y: 200 }, 3);
    const point = { x: 1234.5, y: 987.25 };
    const back = toImage(view, toScreen(view, point));
    close(back.x, point.x);
    close(back.y, point.y);
    const moved = panBy(view, 10, -20);
    const screenPoint = toScreen(moved, point);
    close(screenPoint.x, toScreen(view, point).x + 10);
    close(screenPoint.y, toScreen(view, point).y - 20);
  });

  it('zoom stays within its limits; a wheel notch zooms by 1.25 either way', () => {
    const view = { scale: 1, x: 0, y: 0 };
    assert.equal(zoomAt(view, { x: 0, y: 0 }, 1000).scale, MAX_SCALE);
    assert.equal(zoomAt(view, { x: 0, y: 0 }, 1 / 1000).scale, MIN_SCALE);
    close(wheelFactor(-100), 1.25);
    close(wheelFactor(100), 0.8);
    close(wheelFactor(-10_000), Math.pow(1.25, 3));
  });
});

describe('canvas drawing history', () => {
  it('undo takes back the last operation, redo puts it back, a new operation ends the redo list', () => {
    const history = new DrawingHistory<string>();
    assert.equal(history.canUndo, false);
    history.push('a');
    history.push('b');
    assert.equal(history.undo(), 'b');
    assert.deepEqual(history.operations, ['a']);
    assert.equal(history.canRedo, true);
    assert.equal(history.redo(), 'b');
    assert.deepEqual(history.operations, ['a', 'b']);
    history.undo();
    history.push('c');
    assert.equal(history.canRedo, false);
    assert.equal(history.redo(), undefined);
    assert.deepEqual(history.operations, ['a', 'c']);
    history.undo();
    history.undo();
    assert.equal(history.undo(), undefined);
  });
});

/** A context that records what is drawn, with the style in force at each fill or stroke. */
function recordingContext(): DrawingContext & { calls: string[] } {
  const calls: string[] = [];
  const context = {
    calls,
    globalCompositeOperation: 'source-over',
    fillStyle: '' as unknown,
    strokeStyle: '' as unknown,
    lineWidth: 1,
    lineCap: 'butt',
    lineJoin: 'miter',
    font: '',
    textBaseline: 'alphabetic',
    beginPath: () => calls.push('begin'),
    closePath: () => calls.push('close'),
    moveTo: (x: number, y: number) => calls.push(`move ${x},${y}`),
    lineTo: (x: number, y: number) => calls.push(`line ${x},${y}`),
    arc: (x: number, y: number, r: number) => calls.push(`arc ${x},${y} r${r}`),
    ellipse: (x: number, y: number, rx: number, ry: number) => calls.push(`ellipse ${x},${y} ${rx}x${ry}`),
    rect: (x: number, y: number, w: number, h: number) => calls.push(`rect ${x},${y} ${w}x${h}`),
    fill: () => calls.push(`fill ${String(context.fillStyle)} ${context.globalCompositeOperation}`),
    stroke: () => calls.push(`stroke ${String(context.strokeStyle)} w${context.lineWidth} ${context.globalCompositeOperation}`),
    fillRect: (x: number, y: number, w: number, h: number) =>
      calls.push(`fillRect ${x},${y} ${w}x${h} ${String(context.fillStyle)} ${context.globalCompositeOperation}`),
    clearRect: (x: number, y: number, w: number, h: number) => calls.push(`clearRect ${x},${y} ${w}x${h}`),
    fillText: (text: string, x: number, y: number) => calls.push(`text "${text}" ${x},${y}`),
    measureText: (text: string) => ({ width: text.length * 10 }),
  };
  return context;
}

function drawn(operation: DrawingOperation): string[] {
  const context = recordingContext();
  drawOperation(context, operation, 640, 480);
  return context.calls;
}

describe('canvas operations: what each draws on the layer', () => {
  it('a brush stroke paints the tint along its points; the eraser cuts the same path out', () => {
    const points = [
      { x: 10, y: 10 },
      { x: 50, y: 10 },
      { x: 50, y: 40 },
    ];
    assert.deepEqual(drawn({ kind: 'stroke', erase: false, size: 24, points }), [
      'begin',
      'move 10,10',
      'line 50,10',
      'line 50,40',
      `stroke ${MASK_TINT} w24 source-over`,
    ]);
    assert.deepEqual(drawn({ kind: 'stroke', erase: true, size: 24, points }).at(-1), `stroke ${MASK_TINT} w24 destination-out`);
    assert.deepEqual(drawn({ kind: 'stroke', erase: false, size: 24, points: [{ x: 5, y: 6 }] }), ['begin', 'arc 5,6 r12', `fill ${MASK_TINT} source-over`]);
  });

  it('rectangle and lasso fill their area; invert flips the whole layer; clear empties it', () => {
    assert.deepEqual(drawn({ kind: 'rect', erase: false, from: { x: 90, y: 70 }, to: { x: 10, y: 20 } }), [
      'begin',
      'rect 10,20 80x50',
      `fill ${MASK_TINT} source-over`,
    ]);
    const lasso = drawn({
      kind: 'lasso',
      erase: false,
      points: [
        { x: 0, y: 0 },
        { x: 30, y: 0 },
        { x: 0, y: 30 },
      ],
    });
    assert.deepEqual(lasso, ['begin', 'move 0,0', 'line 30,0', 'line 0,30', 'close', `fill ${MASK_TINT} source-over`]);
    assert.deepEqual(drawn({ kind: 'invert' }), [`fillRect 0,0 640x480 ${MASK_TINT} xor`]);
    assert.deepEqual(drawn({ kind: 'clear' }), ['clearRect 0,0 640x480']);
  });

  it('markup: an arrow has its shaft and a two-sided head at its tip; box and ellipse outline the drag', () => {
    const arrow = drawn({ kind: 'arrow', colour: '#ff3b30', width: 4, from: { x: 0, y: 0 }, to: { x: 100, y: 0 } });
    assert.deepEqual(arrow.slice(0, 3), ['begin', 'move 0,0', 'line 100,0']);
    assert.equal(arrow.at(-1), 'stroke #ff3b30 w4 source-over');
    const [left, right] = arrowHead({ x: 0, y: 0 }, { x: 100, y: 0 }, 4);
    assert.ok(left.x < 100 && right.x < 100, 'the head points back along the shaft');
    close(left.y, -right.y);
    close(Math.hypot(100 - left.x, left.y), 16);
    assert.deepEqual(drawn({ kind: 'box', colour: '#0a84ff', width: 3, from: { x: 5, y: 5 }, to: { x: 25, y: 45 } }), [
      'begin',
      'rect 5,5 20x40',
      'stroke #0a84ff w3 source-over',
    ]);
    assert.deepEqual(drawn({ kind: 'ellipse', colour: '#0a84ff', width: 3, from: { x: 0, y: 0 }, to: { x: 40, y: 20 } }).slice(1, 2), ['ellipse 20,10 20x10']);
  });

  it('a note draws its text on a dark plate, broken into lines', () => {
    const calls = drawn({ kind: 'note', colour: '#ffcc00', size: 20, at: { x: 100, y: 50 }, text: 'make this door red' });
    assert.match(calls[0]!, /^fillRect 100,50 \d+x\d+ rgba\(0, 0, 0, 0.75\)/);
    assert.deepEqual(calls.slice(1), ['text "make this door red" 110,60']);
    assert.deepEqual(noteLines('one two three', 8), ['one two', 'three']);
    assert.deepEqual(noteLines('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
    assert.deepEqual(noteLines('first\nsecond'), ['first', 'second']);
  });

  it('rectBetween spans the drag whichever way it went', () => {
    assert.deepEqual(rectBetween({ x: 10, y: 2 }, { x: 4, y: 8 }), { x: 4, y: 2, width: 6, height: 6 });
  });
});

describe('canvas mask pixels', () => {
  /** A 4x1 RGBA layer: painted, half covered, barely covered, empty. */
  const layer = new Uint8ClampedArray([255, 61, 127, 255, 255, 61, 127, 128, 255, 61, 127, 127, 0, 0, 0, 0]);

  it('the mask is transparent exactly where the layer is painted (from half coverage) and opaque elsewhere', () => {
    const mask = maskFromLayer(layer);
    assert.deepEqual([mask[3], mask[7], mask[11], mask[15]], [0, 0, 255, 255]);
    assert.equal(paintedPixels(layer), 2);
  });

  it('a kept mask becomes painted layer pixels again, and back to the same mask', () => {
    const mask = maskFromLayer(layer);
    const again = layerFromMask(mask, rgbOf(MASK_TINT));
    assert.deepEqual([...again.slice(0, 4)], [255, 61, 127, 255]);
    assert.deepEqual([...again.slice(12, 16)], [0, 0, 0, 0]);
    assert.deepEqual(maskFromLayer(again), mask);
  });
});

describe('canvas choices and file names', () => {
  it('offers live models that take a mask, flags those that take markup, and no dated snapshots', () => {
    const models = canvasModels();
    const ids = models.map((model) => model.id);
    assert.ok(ids.includes('gpt-image-2.6-sunburst'));
    assert.ok(!ids.some((id) => /\d{4}-\d{2}-\d{2}$/.test(id)));
    assert.ok(!ids.includes('gpt-image-1.5'), 'a model with a shutdown announced is not offered');
    assert.deepEqual(
      models.filter((model) => model.markup).map((model) => model.id),
      ['gpt-image-2.6-sunburst', 'gpt-image-2.6-flare', 'gpt-image-2.5-sunburst', 'gpt-image-2.5-flare'],
    );
    assert.equal(initialModel(models, 'gpt-image-2.6-sunburst', false), 'gpt-image-2.6-sunburst');
    // GPT Image 2.6 is offered markup (its model page lists markup edits; the SDK names 2.5): kept for markup too.
    assert.equal(initialModel(models, 'gpt-image-2.6-sunburst', true), 'gpt-image-2.6-sunburst');
    assert.equal(initialModel(models, 'gpt-image-2', true), 'gpt-image-2.6-sunburst', 'a model that takes no markup hands over to one that may');
  });

  it('the drawing kept beside photo.jpg is photo.mask.png or photo.markup.png', () => {
    assert.equal(drawingNameFor('photo.jpg', 'markup'), 'photo.markup.png');
    assert.equal(maskNameFor('photo.final.webp'), 'photo.final.mask.png');
  });
});
