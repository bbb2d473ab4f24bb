/**
 * The choices the panel shows: an asset's candidates side by side, each waiting for the user's Choose or Dismiss.
 * Kept apart from the gallery: a choice is not history, and its images are drafts, not results.
 */
import type * as vscode from 'vscode';
import type { ChoiceView } from './panelMessages';

export interface ChoiceRequest {
  readonly id: string;
  readonly title: string;
  readonly detail: string;
  readonly remakes: boolean;
  readonly candidates: ReadonlyArray<{ readonly file: vscode.Uri; readonly label: string; readonly cost: string }>;
  readonly state: ChoiceView['state'];
  readonly status?: string;
  readonly failed?: boolean;
}

/** The candidate chosen (1-based) and whether to keep the draft as it is; undefined when dismissed. */
export type ChoiceAnswer = { readonly candidate: number; readonly keepDraft: boolean } | undefined;

/** At most this many choices are shown; an older one beyond it is dismissed. */
const MAX_CHOICES = 20;

export class PanelChoices {
  private readonly choices = new Map<string, { request: ChoiceRequest; decide?: (answer: ChoiceAnswer) => void }>();

  /** Resolves with the user's answer; a newer choice for the same id replaces (and dismisses) the older one. */
  ask(request: ChoiceRequest): Promise<ChoiceAnswer> {
    this.choices.get(request.id)?.decide?.(undefined);
    return new Promise((resolve) => {
      this.choices.set(request.id, { request, decide: resolve });
      for (const [id, choice] of [...this.choices].slice(0, Math.max(0, this.choices.size - MAX_CHOICES))) {
        choice.decide?.(undefined);
        this.choices.delete(id);
      }
    });
  }

  /** Shows the choice's progress or outcome; undefined removes it. */
  update(id: string, request: ChoiceRequest | undefined): void {
    const current = this.choices.get(id);
    if (!request) {
      current?.decide?.(undefined);
      this.choices.delete(id);
      return;
    }
    this.choices.set(id, { request, decide: current?.decide });
  }

  /** The webview's Choose or Dismiss; anything for a choice not waiting is ignored (a second click, a stale view). */
  decide(id: string, answer: ChoiceAnswer): boolean {
    const choice = this.choices.get(id);
    if (!choice?.decide) {
      if (!answer && choice) this.choices.delete(id);
      return !answer;
    }
    choice.decide(answer);
    choice.decide = undefined;
    if (!answer) this.choices.delete(id);
    return true;
  }

  /** The candidates' files, for the webview's resource roots. */
  files(): vscode.Uri[] {
    return [...this.choices.values()].flatMap(({ request }) => request.candidates.map((candidate) => candidate.file));
  }

  views(webview: vscode.Webview): ChoiceView[] {
    return [...this.choices.values()].map(({ request }) => ({
      id: request.id,
      title: request.title,
      detail: request.detail,
      remakes: request.remakes,
      candidates: request.candidates.map((candidate) => ({
        src: webview.asWebviewUri(candidate.file).toString(),
        label: candidate.label,
        cost: candidate.cost,
      })),
      state: request.state,
      status: request.status,
      failed: request.failed,
    }));
  }
}
