// A stand-in for VS Code's built-in Microsoft sign-in (which needs login.microsoftonline.com): it registers the
// same provider id, `microsoft`, so an extension's getSession('microsoft', scopes) goes through VS Code's real
// consent and account flow and ends here. Sessions live in memory only, as the built-in provider keeps them in
// its own secret store: a token found in any file afterwards was written there by the extension under test.
const vscode = require('vscode');
const { appendFileSync, readFileSync } = require('node:fs');

exports.activate = (context) => {
  const sessions = [];
  const changed = new vscode.EventEmitter();
  const record = (entry) => {
    const file = vscode.workspace.getConfiguration('standInMicrosoft').get('recordFile', '');
    if (file) appendFileSync(file, `${JSON.stringify(entry)}\n`);
  };
  const matches = (session, scopes) => !scopes || scopes.every((scope) => session.scopes.includes(scope));
  context.subscriptions.push(
    changed,
    vscode.authentication.registerAuthenticationProvider(
      'microsoft',
      'Microsoft',
      {
        onDidChangeSessions: changed.event,
        async getSessions(scopes) {
          record({ call: 'getSessions', scopes: scopes ?? null });
          return sessions.filter((session) => matches(session, scopes));
        },
        async createSession(scopes) {
          record({ call: 'createSession', scopes });
          const token = readFileSync(vscode.workspace.getConfiguration('standInMicrosoft').get('tokenFile', ''), 'utf8').trim();
          const session = {
            id: `session-${sessions.length + 1}`,
            accessToken: token,
            account: { id: 'ada', label: 'ada@contoso.example' },
            scopes: [...scopes],
          };
          sessions.push(session);
          changed.fire({ added: [session], removed: [], changed: [] });
          return session;
        },
        async removeSession(id) {
          const index = sessions.findIndex((session) => session.id === id);
          if (index < 0) return;
          const [removed] = sessions.splice(index, 1);
          changed.fire({ added: [], removed: [removed], changed: [] });
        },
      },
      { supportsMultipleAccounts: false },
    ),
  );
};
