/**
 * The npm package outside this repository: `npm pack` builds it (prepack), and installed from the tarball into an
 * empty folder with nothing but Node (and the sharp npm installs beside it), both command lines run and do their work against the fake API.
 */
import * as assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { FAKE_API_KEY, startFakeImagesServer } from '../fakeServer/fakeImagesServer';

const repository = path.join(__dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the npm package, installed from its tarball', function () {
  // npm pack runs a production build first.
  this.timeout(240_000);
  let dir: string;
  let bin: string;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'openai-images-package-'));
    const packed = execFileSync(npm, ['pack', '--json', '--pack-destination', dir], {
      cwd: repository,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [{ filename, files }] = JSON.parse(packed) as [{ filename: string; files: Array<{ path: string }> }];
    assert.deepEqual(files.map((file) => file.path).sort(), [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist/cli.js',
      'dist/mcp.js',
      'package.json',
      'schemas/images-manifest.schema.json',
    ]);
    const project = path.join(dir, 'project');
    mkdirSync(project);
    // --prefer-offline: sharp comes from npm's cache when `npm ci` put it there; nothing else is fetched.
    execFileSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(dir, filename)], {
      cwd: project,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    bin = path.join(project, 'node_modules', '.bin');
    // Everything is bundled but sharp, whose native module and libvips are per platform: npm installs the one
    // for this machine (its optional @img packages) with its three small JavaScript dependencies.
    assert.deepEqual(
      readdirSync(path.join(project, 'node_modules')).sort(),
      ['.bin', '.package-lock.json', '@img', 'detect-libc', 'openai-images', 'semver', 'sharp'],
      'only sharp and what it needs installed',
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('openai-images-assets runs: --check reports the stale assets of a manifest without calling the API', () => {
    const work = path.join(dir, 'assets-work');
    mkdirSync(work);
    writeFileSync(path.join(work, 'site.images.json'), JSON.stringify({ assets: [{ out: 'hero.png', prompt: 'a lighthouse' }] }));
    const run = spawnSync(path.join(bin, 'openai-images-assets'), ['site.images.json', '--check'], {
      cwd: work,
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout + run.stderr, /hero\.png/);
    const help = spawnSync(path.join(bin, 'openai-images-assets'), ['--help'], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    assert.match(help.stdout + help.stderr, /Usage: openai-images-assets/);
  });

  it('openai-images-assets makes derivatives with the sharp it installed, and a second run writes nothing', async () => {
    const server = await startFakeImagesServer();
    const work = path.join(dir, 'derive-work');
    mkdirSync(work);
    writeFileSync(
      path.join(work, 'site.images.json'),
      JSON.stringify({ assets: [{ out: 'icon.png', prompt: 'a lighthouse icon', size: '1024x1024', derive: [{ out: 'icon-{size}.png', sizes: [16, 64] }] }] }),
    );
    // Asynchronously: the fake API answers from this process, which spawnSync would block.
    const run = () =>
      promisify(execFile)(path.join(bin, 'openai-images-assets'), ['site.images.json', '--base-url', server.baseUrl], {
        cwd: work,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, OPENAI_API_KEY: FAKE_API_KEY, OPENAI_IMAGES_RECOVERY_DIR: path.join(dir, 'recovery') },
      });
    try {
      await run();
      assert.deepEqual(
        readdirSync(work)
          .filter((name) => name.endsWith('.png'))
          .sort(),
        ['icon-16.png', 'icon-64.png', 'icon.png'],
      );
      const second = await run();
      assert.match(second.stdout, /0 to make/);
      assert.equal(server.requests.length, 1, 'one image request in two runs');
    } finally {
      await server.close();
    }
  });

  it('openai-images-mcp runs: an MCP client lists its tools and makes an image in --root', async () => {
    const server = await startFakeImagesServer();
    const root = path.join(dir, 'mcp-root');
    mkdirSync(root);
    const client = new Client({ name: 'test-agent', version: '1.0.0' });
    try {
      await client.connect(
        new StdioClientTransport({
          command: path.join(bin, 'openai-images-mcp'),
          args: ['--root', root, '--base-url', server.baseUrl],
          env: { OPENAI_API_KEY: FAKE_API_KEY, PATH: process.env.PATH ?? '' },
          stderr: 'pipe',
        }),
      );
      assert.deepEqual((await client.listTools()).tools.map((tool) => tool.name).sort(), ['edit_image', 'find_images', 'generate_image']);
      const result = (await client.callTool({
        name: 'generate_image',
        arguments: { prompt: 'a lighthouse', path: 'hero.png', quality: 'low' },
      })) as CallToolResult;
      assert.equal(result.isError, false);
      assert.ok(existsSync(path.join(root, 'hero.png')));
    } finally {
      await client.close();
      await server.close();
    }
  });
});
