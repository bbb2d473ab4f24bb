import * as assert from 'node:assert/strict';
import { isStreamingRefusal, partialImagesFor } from '../../src/core/streaming';

describe('streaming decisions', () => {
  it('streams one image with the configured partial images, and nothing else', () => {
    assert.equal(partialImagesFor(1, 2, false), 2);
    assert.equal(partialImagesFor(1, 3, false), 3);
    assert.equal(partialImagesFor(1, 0, false), undefined, '0 means a plain request');
    assert.equal(partialImagesFor(2, 2, false), undefined, 'partial events do not say which image they belong to');
    assert.equal(partialImagesFor(1, 2, true), undefined, 'refused earlier in this session');
  });

  it('recognises the refusals the API gives for streaming, and nothing else', () => {
    const unverified = 'Your organization must be verified to stream this model. Please go to: https://platform.openai.com/settings/organization/general';
    assert.ok(isStreamingRefusal({ kind: 'invalid-request', status: 400, detail: unverified }));
    assert.ok(isStreamingRefusal({ kind: 'permission', status: 403, detail: unverified }));
    assert.ok(isStreamingRefusal({ kind: 'invalid-request', status: 400, detail: "Unknown parameter: 'partial_images'." }));
    assert.ok(isStreamingRefusal({ kind: 'invalid-request', status: 400, detail: 'Streaming is not supported for this model.' }));
    assert.ok(!isStreamingRefusal({ kind: 'verification', status: 403, detail: 'Your organization must be verified to use the model gpt-image-1.5.' }));
    assert.ok(!isStreamingRefusal({ kind: 'moderation', status: 400, detail: 'Your request was rejected by the safety system.' }));
    assert.ok(!isStreamingRefusal({ kind: 'server', status: 500, detail: 'verified to stream' }));
  });
});
