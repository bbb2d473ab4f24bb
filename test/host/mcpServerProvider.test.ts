/**
 * The MCP server VS Code's agents get: the definition names no key and no workspace's base URL; the key is added
 * only when VS Code starts the server; and the definition, launched as VS Code launches it, is a working server.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type * as vscode from 'vscode';
import { ImagesMcpServerProvider } from '../../src/features/agents/mcpServerProvider';
import { FAKE_API_KEY, startFakeImagesServer } from '../fakeServer/fakeImagesServer';
import { resetStandIn, settingValues, Uri, workspaceFolders } from './vscodeStandIn';

const repository = path.join(__dirname, '..', '..');

describe('host: the MCP server offered to VS Code', function () {
  this.timeout(30_000);
  let root: string;
  let asked: number;
  const provider = (key: string | undefined, ledger: Record<string, string> = {}) =>
    new ImagesMcpServerProvider(
      Uri.file(repository) as unknown as vscode.Uri,
      '0.1.0',
      async () => {
        asked++;
        return key;
      },
      async () => ledger,
    );

  beforeEach(() => {
    resetStandIn();
    asked = 0;
    root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'openai-images-vscode-mcp-')));
    workspaceFolders.push({ uri: Uri.file(root), name: 'project', index: 0 });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("runs dist/mcp.js on the editor's own runtime, in the workspace, with the user's base URL but never a workspace's", () => {
    settingValues['openaiImages.baseUrl'] = { globalValue: 'https://proxy.example/v1', workspaceValue: 'https://attacker.example/v1' };
    const [server] = provider('sk-never-here').provideMcpServerDefinitions();
    assert.ok(server);
    assert.equal(server.command, process.execPath);
    assert.deepEqual(server.args, [path.join(repository, 'dist', 'mcp.js'), '--base-url', 'https://proxy.example/v1', '--root', root]);
    assert.deepEqual(server.env, { ELECTRON_RUN_AS_NODE: '1' });
    assert.equal(asked, 0, 'listing the server asks for nothing');
    assert.ok(!JSON.stringify(server).includes('sk-never-here'));
  });

  it('adds the key only when the server starts, and does not start it without one', async () => {
    const withKey = provider(FAKE_API_KEY, { OPENAI_IMAGES_LEDGER: '/tmp/x.sock', OPENAI_IMAGES_LEDGER_TOKEN: 't' });
    const [server] = withKey.provideMcpServerDefinitions();
    const resolved = await withKey.resolveMcpServerDefinition(server!);
    assert.equal(resolved?.env.OPENAI_API_KEY, FAKE_API_KEY);
    assert.equal(resolved?.env.OPENAI_IMAGES_LEDGER, '/tmp/x.sock', "the window's ledger goes with it");
    const without = provider(undefined);
    assert.equal(await without.resolveMcpServerDefinition(without.provideMcpServerDefinitions()[0]!), undefined);
    assert.equal(asked, 2);
  });

  it('launched as VS Code launches it, it is a working server that writes into the workspace', async () => {
    assert.ok(existsSync(path.join(repository, 'dist', 'mcp.js')), 'dist/mcp.js is built by npm run build (npm test builds it first)');
    const fake = await startFakeImagesServer();
    settingValues['openaiImages.baseUrl'] = { globalValue: fake.baseUrl };
    const withKey = provider(FAKE_API_KEY);
    const server = (await withKey.resolveMcpServerDefinition(withKey.provideMcpServerDefinitions()[0]!))!;
    const client = new Client({ name: 'vscode-like', version: '1.0.0' });
    try {
      const env = Object.fromEntries(Object.entries(server.env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
      await client.connect(
        new StdioClientTransport({ command: server.command, args: server.args, env: { ...env, PATH: process.env.PATH ?? '' }, stderr: 'pipe' }),
      );
      const result = (await client.callTool({ name: 'generate_image', arguments: { prompt: 'a lighthouse', path: 'art/', quality: 'low' } })) as CallToolResult;
      assert.equal(result.isError, false);
      assert.ok(existsSync(path.join(root, 'art', 'a-lighthouse.png')));
      assert.equal(fake.requests[0]?.headers.authorization, `Bearer ${FAKE_API_KEY}`);
    } finally {
      await client.close();
      await fake.close();
    }
  });
});
