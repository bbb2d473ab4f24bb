/** An asset's candidates side by side ("candidates": N), each with its cost and a Choose button. */
import { html, nothing, render } from 'lit';
import type { ChoiceView } from '../panelMessages';

export type ChoiceMessage =
  | { readonly type: 'choose'; readonly choiceId: string; readonly candidate: number; readonly keepDraft: boolean }
  | { readonly type: 'dismissChoice'; readonly choiceId: string };

function choiceTemplate(choice: ChoiceView, label: (key: string, ...args: Array<string | number>) => string, send: (message: ChoiceMessage) => void) {
  const waiting = choice.state === 'waiting';
  return html`<article class="choice" data-choice-id=${choice.id} data-state=${choice.state}>
    <h2>${choice.title}</h2>
    <p class="choice-detail">${choice.detail}</p>
    <ol class="candidates">
      ${choice.candidates.map(
        (candidate, index) =>
          html`<li class="candidate" data-candidate=${index + 1}>
            <figure>
              <img src=${candidate.src} alt=${candidate.label} loading="lazy" />
              <figcaption><span class="candidate-label">${candidate.label}</span> <span class="cost">${candidate.cost}</span></figcaption>
            </figure>
            ${
              waiting
                ? html`<div class="actions">
                    <button
                      type="button"
                      class="primary"
                      data-action="choose"
                      @click=${() => send({ type: 'choose', choiceId: choice.id, candidate: index + 1, keepDraft: false })}
                    >
                      <span class="codicon codicon-check" aria-hidden="true"></span> ${label('choose')}
                    </button>
                    ${
                      choice.remakes
                        ? html`<button
                            type="button"
                            class="secondary"
                            data-action="keepDraft"
                            @click=${() => send({ type: 'choose', choiceId: choice.id, candidate: index + 1, keepDraft: true })}
                          >
                            ${label('keepDraft')}
                          </button>`
                        : nothing
                    }
                  </div>`
                : nothing
            }
          </li>`,
      )}
    </ol>
    ${choice.status ? html`<p class=${choice.failed ? 'error choice-status' : 'choice-status'}>${choice.status}</p>` : nothing}
    ${
      choice.state !== 'choosing'
        ? html`<div class="actions">
            <button type="button" class="secondary" data-action="dismissChoice" @click=${() => send({ type: 'dismissChoice', choiceId: choice.id })}>
              ${label('dismiss')}
            </button>
          </div>`
        : nothing
    }
  </article>`;
}

export function renderChoices(
  section: HTMLElement,
  choices: readonly ChoiceView[],
  label: (key: string, ...args: Array<string | number>) => string,
  send: (message: ChoiceMessage) => void,
): void {
  section.hidden = choices.length === 0;
  render(
    choices.map((choice) => choiceTemplate(choice, label, send)),
    section,
  );
}
