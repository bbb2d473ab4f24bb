// A stand-in for Copilot's models (no Copilot here): one vendor, "scripted", with a model that takes images. It
// answers each request with the next entry of `scriptedModels.answers` and appends what it was sent (text, and each
// data part's type, size and SHA-256) to `scriptedModels.recordFile`, so a test can check what the model saw.
const vscode = require('vscode');
const { createHash } = require('node:crypto');
const { appendFileSync } = require('node:fs');

const MODEL = {
  id: 'scripted-vision',
  name: 'Scripted Vision',
  family: 'scripted-vision',
  version: '1',
  maxInputTokens: 64000,
  maxOutputTokens: 4000,
  capabilities: { imageInput: true, toolCalling: false },
};

function describePart(part) {
  if (part instanceof vscode.LanguageModelTextPart) return { text: part.value };
  if (part instanceof vscode.LanguageModelDataPart)
    return { mimeType: part.mimeType, bytes: part.data.length, sha256: createHash('sha256').update(part.data).digest('hex') };
  return { other: typeof part };
}

exports.activate = (context) => {
  let served = 0;
  context.subscriptions.push(
    vscode.lm.registerLanguageModelChatProvider('scripted', {
      provideLanguageModelChatInformation: () => (vscode.workspace.getConfiguration('scriptedModels').get('offer', true) ? [MODEL] : []),
      async provideLanguageModelChatResponse(model, messages, options, progress) {
        const settings = vscode.workspace.getConfiguration('scriptedModels');
        const answers = settings.get('answers', []);
        const answer = answers[Math.min(served, answers.length - 1)] ?? '';
        served += 1;
        const record = settings.get('recordFile', '');
        if (record)
          appendFileSync(
            record,
            `${JSON.stringify({ model: model.id, messages: messages.map((m) => ({ role: m.role, content: m.content.map(describePart) })) })}\n`,
          );
        // Two pieces, as a real model streams.
        const half = Math.ceil(answer.length / 2);
        progress.report(new vscode.LanguageModelTextPart(answer.slice(0, half)));
        progress.report(new vscode.LanguageModelTextPart(answer.slice(half)));
      },
      provideTokenCount: (model, text) => Math.ceil((typeof text === 'string' ? text.length : JSON.stringify(text).length) / 4),
    }),
  );
};
