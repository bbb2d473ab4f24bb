/**
 * The MCP server as an agent's client sees it: the real process over stdio (src/mcp/main.ts), driven by the MCP
 * SDK's own client, against the fake Images API.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ListRootsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { recipeOnDisk } from '../support/recipes';
import { credentialsReader } from '../support/credentials';
import { createHash } from 'node:crypto';
import { errorBody, FAKE_API_KEY, startFakeImagesServer, type FakeImagesServer } from '../fakeServer/fakeImagesServer';
import { pngImage } from '../support/images';
import { estimateCost } from '../../src/core/pricing';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { SpendingLimit } from '../../src/core/spendingLimit';
import { connectLedger, LEDGER_ENV, serveLedger } from '../../src/pipeline/ledgerChannel';

const repository = path.join(__dirname, '..', '..');

describe('MCP server over stdio, driven by the MCP SDK client', function () {
  this.timeout(60_000);
  let server: FakeImagesServer;
  let root: string;
  let outside: string;
  const clients: Client[] = [];

  beforeEach(async () => {
    server = await startFakeImagesServer();
    root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'openai-images-mcp-root-')));
    outside = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'openai-images-mcp-outside-')));
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    await server.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  /** A client whose roots are `roots` (none: it offers no roots capability), talking to a fresh server process. */
  async function connect(options: { roots?: string[]; args?: string[]; env?: Record<string, string> } = {}): Promise<Client> {
    const client = new Client({ name: 'test-agent', version: '1.0.0' }, { capabilities: options.roots ? { roots: { listChanged: false } } : {} });
    if (options.roots) {
      const roots = options.roots.map((folder) => ({ uri: pathToFileURL(folder).href, name: path.basename(folder) }));
      client.setRequestHandler(ListRootsRequestSchema, () => ({ roots }));
    }
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', path.join(repository, 'src', 'mcp', 'main.ts'), '--base-url', server.baseUrl, ...(options.args ?? [])],
      // Only what the server needs: the key, and PATH for Node itself.
      env: { OPENAI_API_KEY: FAKE_API_KEY, PATH: process.env.PATH ?? '', ...options.env },
      cwd: repository,
      stderr: 'pipe',
    });
    await client.connect(transport);
    clients.push(client);
    return client;
  }

  const call = async (client: Client, name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = (result: CallToolResult) => (result.content[0]?.type === 'text' ? result.content[0].text : '');

  it('lists the three tools with input schemas from the model catalogue', async () => {
    const client = await connect({ roots: [root] });
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), ['edit_image', 'find_images', 'generate_image']);
    const generate = tools.find((tool) => tool.name === 'generate_image')!;
    assert.deepEqual(generate.inputSchema.required, ['prompt', 'path']);
    const properties = generate.inputSchema.properties as Record<string, { enum?: string[] }>;
    assert.ok(properties.model?.enum?.includes('gpt-image-2.6-sunburst'));
    assert.ok(!properties.model?.enum?.includes('gpt-image-1'), 'a shut-down model is not offered');
    assert.deepEqual(properties.quality?.enum, ['auto', 'low', 'medium', 'high', 'xhigh', 'max']);
    assert.match(generate.description ?? '', /saves them in the workspace/);
  });

  it('generate_image writes inside the client root, with its recipe, and returns the path, the cost and the image', async () => {
    const client = await connect({ roots: [root] });
    const result = await call(client, 'generate_image', { prompt: 'a lighthouse at dusk', path: 'assets/hero.png', quality: 'low' });
    assert.equal(result.isError, false, text(result));
    const answer = JSON.parse(text(result)) as { files: string[]; costUsd: number; model: string; quality: string };
    assert.deepEqual(answer.files, ['assets/hero.png']);
    assert.equal(answer.quality, 'low');
    assert.ok(answer.costUsd > 0);
    const written = readFileSync(path.join(root, 'assets', 'hero.png'));
    // Written byte for byte as signed, the recipe in the root's registry, the credentials intact.
    assert.equal(createHash('sha256').update(written).digest('hex'), server.requests.find((each) => each.path === '/v1/images/generations')!.returned[0]);
    assert.equal(recipeOnDisk(root, written)?.prompt, 'a lighthouse at dusk');
    assert.equal((await credentialsReader(server.signerRootPem).read(written)).state, 'intact');
    // A thumbnail for the agent's context (at most 512 px, WebP), and a link to the full file that opens it.
    const [, image, link] = result.content;
    assert.ok(image?.type === 'image' && image.mimeType === 'image/webp');
    const thumbnail = await sharp(Buffer.from(image.data, 'base64')).metadata();
    assert.ok(thumbnail.format === 'webp' && Math.max(thumbnail.width, thumbnail.height) <= 512, `${thumbnail.width}x${thumbnail.height}`);
    assert.ok(link?.type === 'resource_link' && link.mimeType === 'image/png' && link.name === 'hero.png');
    assert.ok(readFileSync(fileURLToPath(link.uri)).equals(written), 'the link leads to the file as written');
    const request = server.requests.find((each) => each.path === '/v1/images/generations')!;
    assert.equal(request.fields.model, 'gpt-image-2.6-sunburst');
    assert.equal(request.fields.quality, 'low');

    // Never over an existing file: the second one is hero-1.png.
    const again = await call(client, 'generate_image', { prompt: 'a lighthouse at dawn', path: 'assets/hero.png', quality: 'low' });
    assert.deepEqual((JSON.parse(text(again)) as { files: string[] }).files, ['assets/hero-1.png']);
    assert.equal(recipeOnDisk(root, readFileSync(path.join(root, 'assets', 'hero.png')))?.prompt, 'a lighthouse at dusk');
    assert.equal(recipeOnDisk(root, readFileSync(path.join(root, 'assets', 'hero-1.png')))?.prompt, 'a lighthouse at dawn');
  });

  it('refuses paths outside the roots, through a link out of them, and has nothing to write into without roots', async () => {
    const client = await connect({ roots: [root] });
    const escaped = await call(client, 'generate_image', { prompt: 'x', path: '../escape.png' });
    assert.equal(escaped.isError, true);
    assert.match(text(escaped), /outside/);
    symlinkSync(outside, path.join(root, 'linked'));
    const linked = await call(client, 'generate_image', { prompt: 'x', path: 'linked/in.png' });
    assert.equal(linked.isError, true);
    const absolute = await call(client, 'edit_image', { images: [path.join(outside, 'a.png')], prompt: 'x' });
    assert.equal(absolute.isError, true);
    assert.equal(server.requests.length, 0, 'nothing was sent');
    assert.deepEqual([existsSync(path.join(path.dirname(root), 'escape.png')), existsSync(path.join(outside, 'in.png'))], [false, false]);

    const rootless = await connect();
    const refused = await call(rootless, 'generate_image', { prompt: 'x', path: 'a.png' });
    assert.equal(refused.isError, true);
    assert.match(text(refused), /Start the server with --root DIR/);
    const withRoot = await connect({ args: ['--root', root] });
    assert.equal((await call(withRoot, 'generate_image', { prompt: 'a fox', path: 'fox.png', quality: 'low' })).isError, false);
    assert.ok(existsSync(path.join(root, 'fox.png')));
  });

  it('edit_image sends the images and the mask and writes <name>-edit beside the first image', async () => {
    mkdirSync(path.join(root, 'art'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(root, 'art', 'cat.png'), await pngImage(64, 64));
    writeFileSync(path.join(root, 'art', 'cat.mask.png'), await pngImage(64, 64, true));
    const client = await connect({ roots: [root] });
    const result = await call(client, 'edit_image', { images: ['art/cat.png'], mask: 'art/cat.mask.png', prompt: 'add a hat', quality: 'low' });
    assert.equal(result.isError, false, text(result));
    assert.deepEqual((JSON.parse(text(result)) as { files: string[] }).files, ['art/cat-edit.png']);
    const request = server.requests.find((each) => each.path === '/v1/images/edits')!;
    assert.deepEqual(request.files.map((file) => [file.field, file.filename]).sort(), [
      ['image', 'cat.png'],
      ['mask', 'cat.mask.png'],
    ]);
    assert.deepEqual(recipeOnDisk(root, readFileSync(path.join(root, 'art', 'cat-edit.png')))?.sources, ['cat.png']);
  });

  it('--image-content full returns the image itself, none only the link', async () => {
    const full = await connect({ roots: [root], args: ['--image-content', 'full'] });
    const whole = await call(full, 'generate_image', { prompt: 'a fox', path: 'fox.png', quality: 'low' });
    const [, image, link] = whole.content;
    assert.ok(image?.type === 'image' && image.mimeType === 'image/png' && Buffer.from(image.data, 'base64').equals(readFileSync(path.join(root, 'fox.png'))));
    assert.equal(link?.type, 'resource_link');
    const none = await connect({ roots: [root], args: ['--image-content', 'none'] });
    const linked = await call(none, 'generate_image', { prompt: 'a hare', path: 'hare.png', quality: 'low' });
    assert.deepEqual(
      linked.content.map((part) => part.type),
      ['text', 'resource_link'],
    );
  });

  it('failures come back as isError results a model can act on', async () => {
    const client = await connect({ roots: [root] });
    server.script({ status: 403, body: errorBody('Your organization must be verified to use the model `gpt-image-2.6-sunburst`.') });
    const unverified = await call(client, 'generate_image', { prompt: 'a fox', path: 'fox.png' });
    assert.equal(unverified.isError, true);
    assert.match(text(unverified), /verif/i);
    const badSize = await call(client, 'generate_image', { prompt: 'a fox', path: 'fox.png', size: '100x100' });
    assert.equal(badSize.isError, true, 'a size the model refuses is refused before sending');
    assert.equal(existsSync(path.join(root, 'fox.png')), false);
  });

  it('keeps to its spending limit: a call above it is refused before anything is sent', async () => {
    const client = await connect({ roots: [root], args: ['--spend-limit-usd', '0.001'] });
    const result = await call(client, 'generate_image', { prompt: 'a fox', path: 'fox.png', quality: 'high' });
    assert.equal(result.isError, true);
    assert.match(text(result), /Not sent: this request may cost .* of the \$0\.00\d* they may spend\. .*--spend-limit-usd/);
    assert.equal(server.requests.length, 0);
  });

  it('twenty calls at once cannot outrun the limit: each reserves its estimate before it is sent', async () => {
    const estimate = estimateCost({ model: DEFAULT_SETTINGS.model, size: '1024x1024', quality: 'low', n: 1 }).usd;
    const limit = 0.05;
    const fits = Math.floor(limit / estimate);
    assert.ok(fits >= 1 && fits < 20, `the test needs a limit a few calls fit in (estimate ${estimate})`);
    const client = await connect({ roots: [root], args: ['--spend-limit-usd', String(limit)] });
    server.delayMs = 400;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        call(client, 'generate_image', { prompt: `fox ${index}`, path: `fox-${index}.png`, quality: 'low', size: '1024x1024' }),
      ),
    );
    const made = results.filter((result) => !result.isError);
    assert.equal(server.requests.length, made.length, 'only the calls that were let through were sent');
    assert.ok(made.length <= fits, `${made.length} sent, ${fits} fit`);
    const spent = made.reduce((sum, result) => sum + (JSON.parse(text(result)) as { costUsd: number }).costUsd, 0);
    assert.ok(spent <= limit, `spent ${spent}`);
    for (const refused of results.filter((result) => result.isError)) assert.match(text(refused), /Not sent: this request may cost/);
  });

  it("started by VS Code, it draws on the window's ledger: the tools' spending and two servers' share one limit", async () => {
    const estimate = estimateCost({ model: DEFAULT_SETTINGS.model, size: '1024x1024', quality: 'low', n: 1 }).usd;
    const window = new SpendingLimit(() => estimate * 3.5);
    const served = await serveLedger(window);
    try {
      const env = { [LEDGER_ENV.path]: served.address.path, [LEDGER_ENV.token]: served.address.token };
      // A language model tool call of the window is under way, holding one estimate.
      const toolCall = window.reserve(estimate);
      assert.ok(toolCall.ok);
      // Each server on its own would allow $2.00 (the default): the window's limit holds instead.
      const [first, second] = await Promise.all([connect({ roots: [root], env }), connect({ roots: [root], env })]);
      server.delayMs = 300;
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, index) =>
          call(index % 2 ? first! : second!, 'generate_image', { prompt: `fox ${index}`, path: `fox-${index}.png`, quality: 'low', size: '1024x1024' }),
        ),
      );
      assert.equal(results.filter((result) => !result.isError).length, 2, results.map(text).join('\n'));
      assert.equal(server.requests.length, 2);
      toolCall.reservation.settle(estimate);
      assert.ok(window.status().spentUsd <= estimate * 3.5 + 1e-9);
      assert.ok(window.status().spentUsd > estimate, "the servers' costs are the window's");
    } finally {
      await served.close();
    }
  });

  it('refuses a ledger request without the token, and counts an open reservation of a lost connection as spent', async () => {
    const window = new SpendingLimit(() => 1);
    const served = await serveLedger(window);
    try {
      const forged = await connectLedger({ path: served.address.path, token: 'not-the-token' });
      await assert.rejects(async () => forged.reserve(0.5), /gone/);
      assert.equal(window.status().spentUsd, 0);
      const lost = await connectLedger(served.address);
      const reserved = await lost.reserve(0.25);
      assert.ok(reserved.ok);
      lost.close();
      const reservedUsd = () => (window as unknown as { reservedUsd: number }).reservedUsd;
      for (let tries = 0; tries < 200 && reservedUsd() > 0; tries++) await new Promise((resolve) => setImmediate(resolve));
      assert.equal(window.status().spentUsd, 0.25, 'counted, as settled');
      assert.equal(reservedUsd(), 0);
    } finally {
      await served.close();
    }
  });

  it('an answer paid for and then refused still counts against the limit', async () => {
    const client = await connect({ roots: [root], args: ['--spend-limit-usd', '0.05'] });
    server.fixedImages.svg = Buffer.from('<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>');
    const answers: CallToolResult[] = [];
    for (let index = 0; index < 20; index++) {
      const answer = await call(client, 'generate_image', { prompt: `logo ${index}`, path: `logo-${index}.svg`, quality: 'low' });
      answers.push(answer);
      if (/Not sent: this request may cost/.test(text(answer))) break;
    }
    const last = text(answers[answers.length - 1]!);
    assert.match(last, /Not sent: this request may cost .* tool calls have spent \$0\.0[1-9]/, 'the refused answers were counted');
    assert.equal(server.requests.length, answers.length - 1);
    assert.ok(answers.length >= 2, 'at least one paid answer was refused before the limit stopped the calls');
    assert.ok(answers.slice(0, -1).every((answer) => answer.isError && /not with a svg image/.test(text(answer))));
    assert.deepEqual(
      readdirSync(root).filter((name) => name.endsWith('.svg')),
      [],
      'nothing hostile written',
    );
  });

  it('checks where it will write before sending: a parent that is a file, a name too long; names follow the naming rules', async () => {
    writeFileSync(path.join(root, 'README.md'), '# readme');
    const client = await connect({ roots: [root] });
    const underFile = await call(client, 'generate_image', { prompt: 'a fox', path: 'README.md/sub/x.png' });
    assert.equal(underFile.isError, true);
    assert.match(text(underFile), /part of it is a file\. Nothing was sent/);
    const long = await call(client, 'generate_image', { prompt: 'a fox', path: `${'d'.repeat(300)}/x.png` });
    assert.match(text(long), /longer than 255 bytes/);
    assert.equal(server.requests.length, 0, 'neither was sent, so neither cost anything');
    for (const wanted of ['CON.png', 'fox\u202e\ngnp.png']) {
      const named = await call(client, 'generate_image', { prompt: 'a fox', path: wanted, quality: 'low' });
      assert.equal(named.isError, false, text(named));
    }
    const files = readdirSync(root)
      .filter((name) => name.endsWith('.png'))
      .sort();
    assert.deepEqual(files, ['CON_.png', 'foxgnp.png'], 'no bidi or control character, no device name');
  });

  it('find_images makes no folder', async () => {
    const client = await connect({ roots: [root] });
    const found = await call(client, 'find_images', { folder: 'not/there' });
    assert.equal(found.isError, false, text(found));
    assert.equal(existsSync(path.join(root, 'not')), false);
  });

  it('find_images finds images by the prompt recorded in them, newest first', async () => {
    const client = await connect({ roots: [root] });
    await call(client, 'generate_image', { prompt: 'a red fox in snow', path: 'animals/', quality: 'low' });
    await call(client, 'generate_image', { prompt: 'a blue whale', path: 'animals/', quality: 'low' });
    const found = JSON.parse(text(await call(client, 'find_images', { query: 'fox' }))) as { images: Array<{ file: string; prompt: string }> };
    assert.deepEqual(
      found.images.map((image) => [image.file, image.prompt]),
      [['animals/a-red-fox-in-snow.png', 'a red fox in snow']],
    );
    const all = JSON.parse(text(await call(client, 'find_images', { folder: 'animals' }))) as { images: Array<{ prompt: string }> };
    assert.deepEqual(
      all.images.map((image) => image.prompt),
      ['a blue whale', 'a red fox in snow'],
    );
  });
});
