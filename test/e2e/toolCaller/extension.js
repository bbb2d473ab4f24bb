// A stand-in for an agent (no Copilot here): reads tool-call.json from the workspace, calls the tool through
// vscode.lm.invokeTool as a chat participant would, and writes what came back to tool-result-<id>.json (a new name
// for every call, so the test never deletes or overwrites a file VS Code may still be renaming).
const vscode = require('vscode');

function describePart(part) {
  if (part instanceof vscode.LanguageModelTextPart) return { text: part.value };
  if (part instanceof vscode.LanguageModelDataPart) return { mimeType: part.mimeType, bytes: part.data.length, head: Array.from(part.data.slice(0, 8)) };
  return { other: JSON.stringify(part) };
}

exports.activate = (context) => {
  context.subscriptions.push(
    vscode.commands.registerCommand('toolCaller.invoke', async () => {
      const folder = vscode.workspace.workspaceFolders[0].uri;
      const call = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'tool-call.json'))));
      const tool = vscode.lm.tools.find((each) => each.name === call.name);
      let record;
      try {
        const result = await vscode.lm.invokeTool(call.name, { input: call.input, toolInvocationToken: undefined }, new vscode.CancellationTokenSource().token);
        record = { tool: tool && { name: tool.name, tags: tool.tags, inputSchema: tool.inputSchema }, parts: result.content.map(describePart) };
      } catch (error) {
        record = { tool: tool && { name: tool.name }, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
      }
      // Written whole under another name, then renamed: the test reads the file as soon as it exists.
      const id = String(call.id).replace(/[^a-z0-9_-]/gi, '');
      const partial = vscode.Uri.joinPath(folder, `tool-result-${id}.json.partial`);
      await vscode.workspace.fs.writeFile(partial, new TextEncoder().encode(JSON.stringify(record, null, 2)));
      await vscode.workspace.fs.rename(partial, vscode.Uri.joinPath(folder, `tool-result-${id}.json`));
    }),
  );
};
