/**
 * The OpenAI route of the prompt and alt text writer against the fake Responses API: the body the SDK sends (no
 * tools, not stored, the picture as a data URL at low detail), what the answer's text and usage give, and what
 * the API refuses.
 */
import * as assert from 'node:assert/strict';
import { APIError } from 'openai';
import { writeWithOpenAI } from '../../src/api/writerClient';
import type { Connection } from '../../src/api/imagesClient';
import { estimateWriterCost, writerCost } from '../../src/core/writer/writerChoice';
import { describeRequest, promptWriterRequest } from '../../src/core/writer/writerInstructions';
import { describeInput } from '../../src/pipeline/describeInput';
import { FAKE_API_KEY, startFakeImagesServer, type FakeImagesServer } from '../fakeServer/fakeImagesServer';
import { pngImage } from '../support/images';

describe('the writer through the Responses API (fake server)', function () {
  this.timeout(30_000);
  let server: FakeImagesServer;
  let connection: Connection;

  beforeEach(async () => {
    server = await startFakeImagesServer();
    connection = { apiKey: FAKE_API_KEY, baseUrl: server.baseUrl, organization: '', project: '', timeoutSeconds: 30, maxRetries: 0 };
  });
  afterEach(() => server.close());

  const context = { selection: 'the onboarding screen shows a friendly robot', languageId: 'markdown', styles: [] };

  it('sends the instructions and the words, no tools, not stored; returns the text and the usage', async () => {
    server.textAnswers = ['A friendly robot waving on an onboarding screen'];
    const request = promptWriterRequest(context);
    const written = await writeWithOpenAI(connection, 'gpt-6.1-sol', request, new AbortController().signal);
    assert.equal(written.text, 'A friendly robot waving on an onboarding screen');
    assert.ok(written.usage && written.usage.inputTokens > 0 && written.usage.outputTokens > 0);
    const [sent] = server.requests;
    assert.equal(sent?.path, '/v1/responses');
    assert.equal(sent?.fields.model, 'gpt-6.1-sol');
    assert.equal(sent?.fields.instructions, request.instructions);
    assert.equal(sent?.fields.store, false);
    assert.equal(sent?.fields.tools, undefined);
    assert.equal(sent?.fields.max_output_tokens, request.maxOutputTokens);
    assert.match(JSON.stringify(sent?.fields.input), /friendly robot/);
    const usd = writerCost('gpt-6.1-sol', written.usage!);
    assert.ok(usd > 0 && usd <= estimateWriterCost('gpt-6.1-sol', request).usd, 'the estimate is an upper bound of what was paid');
  });

  it('sends the picture as a PNG data URL at low detail, at most 1024 px, and leaves the file as it was', async () => {
    const original = await pngImage(1536, 1024);
    const copy = Buffer.from(original);
    const shown = await describeInput(original);
    assert.deepEqual(Buffer.from(original), copy);
    const { default: sharp } = await import('sharp');
    const meta = await sharp(shown.bytes).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['png', 1024, 683]);
    await writeWithOpenAI(connection, 'gpt-6.1-sol', describeRequest(shown, 'English'), new AbortController().signal);
    const input = server.requests[0]!.fields.input as Array<{ content: Array<{ type: string; detail?: string; image_url?: string }> }>;
    const image = input[0]!.content.find((part) => part.type === 'input_image')!;
    assert.equal(image.detail, 'low');
    assert.ok(image.image_url?.startsWith('data:image/png;base64,'));
    assert.deepEqual(Buffer.from(image.image_url!.slice('data:image/png;base64,'.length), 'base64'), Buffer.from(shown.bytes));
  });

  it('is refused as the API refuses: an unknown model, too few output tokens', async () => {
    await assert.rejects(writeWithOpenAI(connection, 'no-such-model', promptWriterRequest(context), new AbortController().signal), (error: unknown) => {
      assert.ok(error instanceof APIError);
      assert.equal(error.status, 400);
      return true;
    });
    await assert.rejects(
      writeWithOpenAI(connection, 'gpt-6.1-sol', { ...promptWriterRequest(context), maxOutputTokens: 8 }, new AbortController().signal),
      /max_output_tokens/,
    );
  });
});
