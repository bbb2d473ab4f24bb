/**
 * The language model tools' confirmation and spending, as VS Code drives them: prepareInvocation (the
 * confirmation the user sees), then invoke. A call shown no confirmation never sends; the confirmation shows the
 * model's prompt as quoted data; a paid failure counts against the limit.
 */
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { estimateCost } from '../../src/core/pricing';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { AgentSpend } from '../../src/features/agents/agentSpend';
import { paidImageTool, type ImageToolDeps, type PlannedToolCall } from '../../src/features/agents/imageToolCall';
import type { AgentRunOutcome, ImageRequestRunner, ImageTask, SpendGate } from '../../src/features/requests/imageRequestRunner';
import { Uri } from './vscodeStandIn';

const estimate = estimateCost({ model: DEFAULT_SETTINGS.model, size: '1024x1024', quality: 'low', n: 1 });
const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) } as unknown as vscode.CancellationToken;

/** A runner that records what it was asked to send and answers as `answer` says, after `hold` resolves. */
function fakeRunner(answer: () => AgentRunOutcome, hold: () => Promise<void> = async () => undefined) {
  const sent: ImageTask[] = [];
  const runner = {
    runForAgent: async (task: ImageTask, _token: vscode.CancellationToken, gate: SpendGate): Promise<AgentRunOutcome> => {
      const refusal = gate(estimate);
      if (refusal) return { ok: false, message: refusal };
      sent.push(task);
      await hold();
      return answer();
    },
  } as unknown as ImageRequestRunner;
  return { runner, sent };
}

function toolFor(deps: ImageToolDeps) {
  return paidImageTool(deps, {
    name: 'generate_image',
    plan: async (raw) => {
      const prompt = (raw as { prompt: string }).prompt;
      const call: PlannedToolCall = {
        task: { kind: 'generate', prompt, settings: DEFAULT_SETTINGS, location: { folder: {} as vscode.Uri }, stem: 'x' } as ImageTask,
        estimate,
        writes: ['x.png'],
        reads: [],
      };
      return { ok: true, value: call };
    },
    invocationMessage: () => 'Generating',
    title: () => 'Generate?',
  });
}

const textOf = (result: vscode.LanguageModelToolResult | null | undefined) =>
  ((result?.content ?? []) as Array<{ value?: string }>).map((part) => part.value ?? '').join('');

async function prepare(tool: vscode.LanguageModelTool<unknown>, input: unknown) {
  return tool.prepareInvocation!({ input } as vscode.LanguageModelToolInvocationPrepareOptions<unknown>, token);
}
async function invoke(tool: vscode.LanguageModelTool<unknown>, input: unknown) {
  return tool.invoke({ input } as vscode.LanguageModelToolInvocationOptions<unknown>, token);
}

describe('host: language model tool confirmation and spending', () => {
  it('a call shown no confirmation (over the limit then) is never sent, even once the limit has room again', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { runner, sent } = fakeRunner(
      () => ({ ok: false, message: 'refused by the API' }),
      () => held,
    );
    const spend = new AgentSpend(() => estimate.usd * 1.5);
    const tool = toolFor({ runner, spend, settings: {} as ImageToolDeps['settings'] });
    const first = { prompt: 'a fox' };
    assert.ok((await prepare(tool, first))?.confirmationMessages, 'the first call is confirmed');
    const running = invoke(tool, first);
    const second = { prompt: 'a hare' };
    assert.equal((await prepare(tool, second))?.confirmationMessages, undefined, 'no room while the first is under way: no confirmation');
    release();
    await running;
    const result = await invoke(tool, second);
    assert.equal(sent.length, 1, 'the unconfirmed call was not sent');
    assert.match(textOf(result), /Not sent: the user was not asked to confirm this call/);
  });

  it('shows the prompt as one quoted line: newlines cannot draw fake "Writes:" or "Estimated cost:" lines', async () => {
    const { runner } = fakeRunner(() => ({ ok: false, message: 'x' }));
    const tool = toolFor({ runner, spend: new AgentSpend(() => 10), settings: {} as ImageToolDeps['settings'] });
    const prepared = await prepare(tool, { prompt: 'a fox\n\nWrites: nothing\n\nEstimated cost: $0.00.\u202e' });
    const message = prepared?.confirmationMessages?.message as unknown as { value: string };
    const paragraphs = message.value.split('\n\n');
    assert.equal(paragraphs.length, 3, message.value);
    assert.match(paragraphs[0]!, /^Prompt: "a fox\\\\n\\\\nWrites: nothing\\\\n\\\\nEstimated cost: \$0\\\.00\\\.\\\\u202e"$/);
    assert.match(paragraphs[1]!, /^Writes: "x\\\.png"$/);
    assert.match(paragraphs[2]!, /^Estimated cost: /);
  });

  it('a repeat of a call still running, or of one that succeeded, gets its answer without asking or paying again', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const file = Uri.file('/work/project/art/fox.svg') as unknown as vscode.Uri;
    const { runner, sent } = fakeRunner(
      () => ({ ok: true, files: [file], costUsd: estimate.usd, model: DEFAULT_SETTINGS.model, size: '1024x1024', quality: 'low', format: 'svg' }),
      () => held,
    );
    const spend = new AgentSpend(() => 10);
    const tool = toolFor({ runner, spend, settings: {} as ImageToolDeps['settings'] });
    const input = { prompt: 'a fox' };
    await prepare(tool, input);
    const first = invoke(tool, input);
    // The agent gave up and calls again while the first is running: no second confirmation, no second request.
    const prepared = await prepare(tool, { prompt: 'a fox' });
    assert.equal(prepared?.confirmationMessages, undefined);
    assert.match(String(prepared?.invocationMessage), /Waiting for the same call, still running/);
    const second = invoke(tool, { prompt: 'a fox' });
    release();
    assert.doesNotMatch(textOf(await first), /The same call/);
    assert.match(textOf(await second), /^The same call \(same arguments, same workspace\) started \d+ s ago and was still running: this is its result\./);
    assert.match(String((await prepare(tool, input))?.invocationMessage), /Returning the image of the same call/);
    assert.match(textOf(await invoke(tool, input)), /finished \d+ s ago: this is its result, the same file/);
    assert.equal(sent.length, 1, 'one request for three calls');
    assert.equal(spend.status().spentUsd, estimate.usd, 'paid once');
  });

  it('a call that was paid for and then failed counts against the limit', async () => {
    const { runner, sent } = fakeRunner(() => ({ ok: false, message: 'could not be written', paidUsd: estimate.usd }));
    const spend = new AgentSpend(() => estimate.usd * 1.5);
    const tool = toolFor({ runner, spend, settings: {} as ImageToolDeps['settings'] });
    const input = { prompt: 'a fox' };
    await prepare(tool, input);
    await invoke(tool, input);
    assert.equal(spend.status().spentUsd, estimate.usd);
    assert.equal((await prepare(tool, { prompt: 'again' }))?.confirmationMessages, undefined, 'no room for a second');
    assert.equal(sent.length, 1);
  });
});
