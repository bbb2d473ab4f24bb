/**
 * A status bar item with what this window's requests cost; its tooltip adds today's and this month's totals,
 * which are kept in global state so every window and session adds to the same figures.
 */
import * as vscode from 'vscode';
import { formatUsd } from '../../core/pricing';
import { addSpend, currentLedger, spendLedgerSchema, type SpendLedger } from '../../core/spendLedger';
import { CommandIds } from '../../core/commandIds';
import { Disposable } from '../../platform/disposable';

const KEY = 'openaiImages.spend';

export class SpendStatusBar extends Disposable {
  private readonly item: vscode.StatusBarItem;
  private sessionUsd = 0;

  constructor(private readonly state: vscode.Memento) {
    super();
    this.item = this.register(vscode.window.createStatusBarItem('openaiImages.spend', vscode.StatusBarAlignment.Right, 100));
    this.item.name = vscode.l10n.t('OpenAI Images Cost');
    this.item.command = CommandIds.showPanel;
  }

  async add(usd: number): Promise<void> {
    this.sessionUsd += usd;
    const ledger = addSpend(this.saved(), usd, new Date());
    await this.state.update(KEY, ledger);
    this.render(ledger);
  }

  private saved(): SpendLedger | undefined {
    const parsed = spendLedgerSchema.safeParse(this.state.get(KEY));
    return parsed.success ? parsed.data : undefined;
  }

  private render(ledger: SpendLedger): void {
    const current = currentLedger(ledger, new Date());
    this.item.text = `$(file-media) ${formatUsd(this.sessionUsd)}`;
    this.item.tooltip = vscode.l10n.t(
      'OpenAI Images: {0} in this window, {1} today, {2} this month (from the token usage the API reports).',
      formatUsd(this.sessionUsd),
      formatUsd(current.dayUsd),
      formatUsd(current.monthUsd),
    );
    this.item.show();
  }
}
