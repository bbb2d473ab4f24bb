/** The agent tools' pure side: package.json's contribution, what a model is told on failure, and other agents' set-up. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { agentSetup, AGENT_CLIENTS } from '../../src/core/agentSetup';
import { languageModelToolContributions } from '../../src/core/agentToolContributions';
import { AGENT_TOOLS } from '../../src/core/agentToolNames';
import { agentDeprecationNote, agentFailureText, agentShutDownRefusal, agentSpendRefusal, generateImageSchema } from '../../src/core/agentTools';
import { PLATFORM_LINKS } from '../../src/core/failure';
import { englishTranslate } from '../../src/core/translate';
import { freeNames } from '../../src/pipeline/writeImages';

const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  contributes: {
    languageModelTools: Array<{
      name: string;
      toolReferenceName: string;
      inputSchema: { properties: Record<string, { enum?: string[]; description?: string }> };
    }>;
  };
};

describe('agent tools', () => {
  it('package.json contributes the tools as the schemas say (run npx tsx scripts/write-tool-contributions.ts after a change)', () => {
    assert.deepEqual(manifest.contributes.languageModelTools, languageModelToolContributions());
    assert.deepEqual(
      manifest.contributes.languageModelTools.map((tool) => [tool.name, tool.toolReferenceName]),
      [
        [AGENT_TOOLS.generate, 'generateImage'],
        [AGENT_TOOLS.edit, 'editImage'],
        [AGENT_TOOLS.find, 'findImages'],
      ],
    );
  });

  it('the input schema comes from the catalogue: offered models only, and the models that take xhigh named', () => {
    const generate = manifest.contributes.languageModelTools[0]!.inputSchema.properties;
    assert.ok(generate.model?.enum?.includes('gpt-image-2.6-sunburst'));
    assert.ok(!generate.model?.enum?.includes('gpt-image-1'), 'a shut-down model is not offered');
    assert.match(
      generate.quality?.description ?? '',
      /xhigh and max only on gpt-image-2\.6-sunburst, gpt-image-2\.6-flare, gpt-image-2\.5-sunburst, gpt-image-2\.5-flare\.$/,
      'aliases only, no dated snapshots',
    );
    assert.equal(generateImageSchema.safeParse({ prompt: 'a fox', path: 'art/fox.png', quality: 'low' }).success, true);
    assert.equal(generateImageSchema.safeParse({ prompt: '', path: 'art/' }).success, false);
  });

  it('a failure tells the model what to do: the successor of a retired model, where to verify, the request id', () => {
    const retired = agentFailureText({ kind: 'model-retired', model: 'gpt-image-1', requestId: 'req_1' }, 'gpt-image-1', englishTranslate, '2026-11-23');
    assert.match(retired, /shut down gpt-image-1/);
    assert.match(retired, /Use gpt-image-2\.5-sunburst instead/);
    assert.match(retired, /request id req_1/);
    const unwritten = agentFailureText(
      {
        kind: 'write-failed',
        path: '/home/ana/work/site/art/fox.png',
        detail: "EACCES: permission denied, open '/home/ana/work/site/art/.fox.png.tmp'",
        recovered: ['/home/ana/.local/share/openai-images/recovery/2026-12-03/fox.png'],
      },
      'gpt-image-2.6-sunburst',
      englishTranslate,
      '2026-11-23',
    );
    assert.doesNotMatch(unwritten, /\/home\/ana/, 'no absolute path reaches the model');
    assert.match(unwritten, /Could not write fox\.png: EACCES: permission denied, open '\.fox\.png\.tmp'\..*recovery.*: fox\.png/);
    const verification = agentFailureText({ kind: 'verification', model: 'gpt-image-2.6-sunburst' }, 'gpt-image-2.6-sunburst', englishTranslate, '2026-11-23');
    assert.ok(verification.includes(PLATFORM_LINKS.verification));
    assert.match(agentShutDownRefusal('gpt-image-1', '2026-11-23', englishTranslate) ?? '', /shut down on 2026-10-23.*Use gpt-image-2\.5-sunburst/);
    assert.equal(agentShutDownRefusal('gpt-image-2.6-sunburst', '2026-11-23', englishTranslate), undefined);
    assert.match(agentDeprecationNote('gpt-image-1.5', '2026-11-23', englishTranslate) ?? '', /shuts down on 2026-12-01; use gpt-image-2\.6-sunburst/);
    assert.match(
      agentSpendRefusal(0.2, 1.9, 2, 'openaiImages.agentSpendLimitUsd', englishTranslate),
      /may cost \$0\.20.*spent \$1\.90 of the \$2\.00.*openaiImages\.agentSpendLimitUsd/,
    );
  });

  it('other agents get a set-up that runs the installed server and never holds a key', () => {
    const launch = { script: "/home/me/.vscode/extensions/it's here/dist/mcp.js", baseUrl: 'https://proxy.example/v1', spendLimitUsd: 3 };
    for (const client of AGENT_CLIENTS) {
      const { text } = agentSetup(client, launch);
      assert.ok(!/sk-/.test(text));
      assert.match(text, /OPENAI_API_KEY/);
      assert.match(text, /proxy\.example/);
    }
    const claude = agentSetup('claude-code', launch).text;
    assert.ok(claude.includes(`'OPENAI_API_KEY=\${OPENAI_API_KEY}'`), 'single quotes: the shell leaves the variable for Claude Code');
    assert.ok(claude.includes(`'/home/me/.vscode/extensions/it'\\''s here/dist/mcp.js'`));
    assert.match(claude, /--spend-limit-usd 3\n$/);
    const codex = agentSetup('codex', launch).text;
    assert.match(codex, /^\[mcp_servers\.openai-images\]\ncommand = "node"\nargs = \["\/home\/me\/.*mcp\.js", "--root", "\.", "--base-url"/);
    assert.match(codex, /env_vars = \["OPENAI_API_KEY"\]/);
    assert.match(codex, /\ntool_timeout_sec = 300\n/, 'Codex waits five minutes for an image, not 60 s');
    assert.match(claude, /^# Claude Code gives a tool call about 60 s.*\n.*\nexport MCP_TOOL_TIMEOUT=300000\nclaude mcp add /);
    const cursor = JSON.parse(agentSetup('cursor', launch).text) as { mcpServers: Record<string, { args: string[]; env: Record<string, string> }> };
    assert.deepEqual(cursor.mcpServers['openai-images']?.env, { OPENAI_API_KEY: '${env:OPENAI_API_KEY}' });
    assert.deepEqual(cursor.mcpServers['openai-images']?.args.slice(1, 3), ['--root', '${workspaceFolder}']);
  });

  it('a confirmation names the files the images would get now: taken names are skipped', async () => {
    const taken = new Set(['fox.png', 'fox-1.png', 'fox-3.png']);
    assert.deepEqual(await freeNames({ exists: async (name) => taken.has(name) }, 'fox', 'png', 3), ['fox-2.png', 'fox-4.png', 'fox-5.png']);
  });
});
