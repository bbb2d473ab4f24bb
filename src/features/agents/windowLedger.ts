/**
 * The window's spending ledger for the MCP server VS Code starts (pipeline/ledgerChannel): opened the first time
 * VS Code starts the server, closed with the window. The server then reserves from the same limit as the language
 * model tools, so an agent that has both gets one `openaiImages.agentSpendLimitUsd`, not two. With Entra ID the
 * server also asks it for a fresh token before each call.
 */
import type * as vscode from 'vscode';
import { LEDGER_ENV, serveLedger, type CredentialSource, type LedgerAddress } from '../../pipeline/ledgerChannel';
import type { Logger } from '../../platform/logger';
import type { AgentSpend } from './agentSpend';

export class WindowLedger implements vscode.Disposable {
  private serving: Promise<{ readonly address: LedgerAddress; close(): Promise<void> } | undefined> | undefined;

  constructor(
    private readonly spend: AgentSpend,
    private readonly log: Logger,
    /** With Entra ID, a fresh token from VS Code's sign-in for each of the server's calls. */
    private readonly credential?: CredentialSource,
  ) {}

  /** The environment that hands the ledger to a server; empty when it could not be opened (the server keeps its own limit). */
  async environment(): Promise<Record<string, string>> {
    this.serving ??= serveLedger(this.spend.ledger, this.credential).catch((error: unknown) => {
      this.log.warn(`The spending ledger for the MCP server could not be opened; the server keeps a limit of its own: ${String(error)}`);
      return undefined;
    });
    const served = await this.serving;
    return served ? { [LEDGER_ENV.path]: served.address.path, [LEDGER_ENV.token]: served.address.token } : {};
  }

  dispose(): void {
    const serving = this.serving;
    this.serving = undefined;
    if (serving)
      this.log.inBackground(
        'Closing the spending ledger',
        serving.then((served) => served?.close()),
      );
  }
}
