/**
 * What the user has done that the getting-started walkthrough asks for, kept in global state (a step done in one
 * window stays done in the next) and told to VS Code as context keys, which complete the walkthrough's steps.
 */
import * as vscode from 'vscode';
import type { ResultsStore } from '../../core/results';
import { MILESTONES, milestoneContextKey, milestonesInHistory, walkthroughStepId, type Milestone } from '../../core/walkthrough';
import type { ApiKeyStore } from '../../platform/apiKeyStore';
import type { Logger } from '../../platform/logger';

const STATE_KEY = 'openaiImages.walkthrough.reached';

const FROM_HISTORY: readonly Milestone[] = ['firstImage', 'firstCanvasEdit', 'firstAsset'];

export class Milestones implements vscode.Disposable {
  private readonly subscriptions: Array<{ dispose(): void }> = [];
  /** Updated before anything is awaited, so two steps reached at once are both kept. */
  private readonly reached: Set<Milestone>;

  constructor(
    private readonly state: vscode.Memento,
    private readonly log: Logger,
    private readonly extensionId: string,
  ) {
    const saved = state.get<unknown>(STATE_KEY);
    this.reached = new Set(Array.isArray(saved) ? MILESTONES.filter((milestone) => saved.includes(milestone)) : []);
  }

  /** Tells VS Code what was done before, then follows the key store and the history. */
  async start(keys: ApiKeyStore, store: ResultsStore): Promise<void> {
    for (const milestone of this.reached) await this.tell(milestone);
    this.subscriptions.push(
      keys.onDidStore(() => this.log.inBackground('Noting the stored key', this.reach('keyStored'))),
      store.onDidChange(() => {
        // The history changes at every partial image; once its steps are done there is nothing to look for.
        if (FROM_HISTORY.every((milestone) => this.reached.has(milestone))) return;
        this.log.inBackground('Noting what the history holds', this.reachAll(milestonesInHistory(store.all())));
      }),
    );
    // A key from the environment or an Entra ID session counts as much as one typed in.
    if (await keys.find()) await this.reach('keyStored');
    await this.reachAll(milestonesInHistory(store.all()));
  }

  async reach(milestone: Milestone): Promise<void> {
    if (this.reached.has(milestone)) return;
    this.reached.add(milestone);
    await this.state.update(
      STATE_KEY,
      MILESTONES.filter((each) => this.reached.has(each)),
    );
    await this.tell(milestone);
  }

  private async reachAll(milestones: ReadonlySet<Milestone>): Promise<void> {
    for (const milestone of milestones) await this.reach(milestone);
  }

  private async tell(milestone: Milestone): Promise<void> {
    await vscode.commands.executeCommand('setContext', milestoneContextKey(milestone), true);
    // The Welcome page ticks a step on its context key only if it was listening when the key changed. It starts
    // lazily: a key stored before the walkthrough is first opened in a window would stay unticked (a key already
    // set when it starts counts as seen, not as done). So the step is also marked done directly; a step already
    // done is a no-op. Not a documented API: where it is missing, the context key is all there is.
    await vscode.commands.executeCommand('welcome.markStepComplete', walkthroughStepId(this.extensionId, milestone)).then(
      () => undefined,
      (error: unknown) =>
        this.log.info(`The Welcome page did not take the step ${milestone} as done: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
