/**
 * A retired model is never a dead end. Before a request: a model the catalogue says is shut down sends nothing
 * and offers its successor; one that shuts down within 30 days warns (once a day per model) and goes on. After a
 * request: the API's own "has been deprecated" answer offers the successor the same way. Where the model came
 * from the user's settings, the button switches the setting where it was set and runs the request again; where it
 * came from a recorded recipe (Regenerate, More Like This), it runs the recipe again with the successor.
 */
import * as vscode from 'vscode';
import { DEFAULT_MODEL } from '../../core/modelCatalogue';
import { isoDay, lifecycleOn, shutdownIsNear, successorOf, type LearnedShutdowns } from '../../core/modelLifecycle';
import { SETTINGS_SECTION } from '../../core/settings';
import type { Logger } from '../../platform/logger';
import { showError, showWarning } from '../../platform/notify';

/** Where the request's model came from, which decides what "switch" means. */
export type ModelOrigin = { readonly kind: 'settings'; readonly scope?: vscode.Uri } | { readonly kind: 'recorded' };

const WARNED_KEY = 'openaiImages.retirementWarnedOn';

export class ModelRetirement {
  constructor(
    private readonly state: vscode.Memento,
    private readonly log: Logger,
    private readonly today: () => string = () => isoDay(new Date()),
    /** Shutdowns the API announced that the catalogue does not know (ShutdownWatch). */
    private readonly learned: () => LearnedShutdowns = () => new Map(),
  ) {}

  /**
   * True when the request may be sent. A shut-down model stops it and offers `retry` with the successor; a model
   * close to its shutdown is announced and the request goes on.
   */
  beforeSend(model: string, origin: ModelOrigin, retry: (model: string) => Promise<unknown>): boolean {
    const lifecycle = lifecycleOn(model, this.today(), this.learned());
    if (lifecycle.state === 'shut-down') {
      this.log.warn(`${model} was shut down on ${lifecycle.shutdown}; nothing sent (successor ${lifecycle.successor})`);
      const message = vscode.l10n.t('{0} was shut down on {1}, so nothing was sent. Its successor is {2}.', model, lifecycle.shutdown, lifecycle.successor);
      this.log.inBackground('The shut-down model notice', this.offer(message, model, lifecycle.successor, origin, retry));
      return false;
    }
    if (shutdownIsNear(lifecycle))
      this.log.inBackground('The shutdown warning', this.warnNear(model, lifecycle.shutdown, lifecycle.daysLeft, lifecycle.successor, origin));
    return true;
  }

  /** The API said the model is gone although the catalogue did not know yet. */
  afterRefusal(model: string, origin: ModelOrigin, retry: (model: string) => Promise<unknown>): Promise<void> {
    const successor = successorOf(model, this.today(), this.learned()) ?? DEFAULT_MODEL;
    const message = vscode.l10n.t('OpenAI says {0} has been shut down, so nothing was made. Its successor is {1}.', model, successor);
    return this.offer(message, model, successor, origin, retry);
  }

  private async offer(message: string, model: string, successor: string, origin: ModelOrigin, retry: (model: string) => Promise<unknown>): Promise<void> {
    const action = origin.kind === 'settings' ? vscode.l10n.t('Switch to {0} and Retry', successor) : vscode.l10n.t('Make It with {0}', successor);
    const choice = await showError(message, action);
    if (choice !== action) return;
    if (origin.kind === 'settings') await this.switchSetting(model, successor, origin.scope);
    await retry(successor);
  }

  private async warnNear(model: string, shutdown: string, daysLeft: number, successor: string, origin: ModelOrigin): Promise<void> {
    const today = this.today();
    const warned = this.state.get<Record<string, string>>(WARNED_KEY, {});
    if (warned[model] === today) return;
    await this.state.update(WARNED_KEY, { ...warned, [model]: today });
    const message = vscode.l10n.t(
      '{0} shuts down on {1} ({2} days from now); requests with it will fail from then on. Its successor is {3}.',
      model,
      shutdown,
      daysLeft,
      successor,
    );
    if (origin.kind !== 'settings') {
      void showWarning(message);
      return;
    }
    const action = vscode.l10n.t('Switch to {0}', successor);
    if ((await showWarning(message, action)) === action) await this.switchSetting(model, successor, origin.scope);
  }

  /** Changes `openaiImages.model` in the settings layer that names the retired model, most specific first. */
  private async switchSetting(model: string, successor: string, scope: vscode.Uri | undefined): Promise<void> {
    const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
    const inspected = configuration.inspect<string>('model');
    const target =
      inspected?.workspaceFolderValue === model
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : inspected?.workspaceValue === model
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    await configuration.update('model', successor, target);
    this.log.info(`openaiImages.model switched from ${model} to ${successor} (${vscode.ConfigurationTarget[target]})`);
  }
}
