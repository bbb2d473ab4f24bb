/**
 * Microsoft Entra ID through VS Code's own `microsoft` authentication provider: VS Code signs the user in, keeps
 * and refreshes the session; this extension only asks it for a token when a request is about to go, and keeps
 * nothing.
 */
import * as vscode from 'vscode';
import { AZURE_ENTRA_SCOPE } from '../core/providers';
import type { Logger } from './logger';

export const ENTRA_PROVIDER_ID = 'microsoft';

export class EntraSignIn {
  constructor(private readonly log: Logger) {}

  /** A token for Azure OpenAI, signing in first when `ask` (VS Code shows its own consent and account choice). */
  async token(ask: boolean): Promise<string | undefined> {
    let session: vscode.AuthenticationSession | undefined;
    try {
      session = await vscode.authentication.getSession(ENTRA_PROVIDER_ID, [AZURE_ENTRA_SCOPE], ask ? { createIfNone: true } : { silent: true });
    } catch (error) {
      // Declining the sign-in rejects; so does a host without the provider. Either way there is no token.
      this.log.info(`No Microsoft Entra ID session: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    if (!session) return undefined;
    this.log.addSecret(session.accessToken);
    return session.accessToken;
  }
}
