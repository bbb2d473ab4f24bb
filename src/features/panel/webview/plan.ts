/** The asset plan above the gallery ("Generate Assets"): what will be made and why, then progress and summary. */
import { html, nothing, render } from 'lit';
import type { PlanView } from '../panelMessages';

export function renderPlan(
  section: HTMLElement,
  plan: PlanView | undefined,
  label: (key: string) => string,
  send: (type: 'runPlan' | 'dismissPlan', planId: string) => void,
): void {
  section.hidden = !plan;
  if (!plan) {
    render(nothing, section);
    return;
  }
  section.dataset.state = plan.state;
  section.dataset.planId = plan.id;
  render(
    html`<h2>${plan.title}</h2>
      <table class="plan-items">
        <tr>
          <th>${label('planAsset')}</th>
          <th>${label('planReason')}</th>
          <th>${label('planCost')}</th>
        </tr>
        ${plan.items.map(
          (item) =>
            html`<tr>
              <td class="path">${item.out}</td>
              <td>${item.reason}</td>
              <td class="cost">${item.cost}</td>
            </tr>`,
        )}
      </table>
      <p class="plan-total">${plan.total}</p>
      ${plan.status ? html`<p class="plan-status">${plan.status}</p>` : nothing}
      ${(plan.failures ?? []).map((failure) => html`<p class="error">${failure.out}: ${failure.reason}</p>`)}
      <div class="actions">
        ${
          plan.state === 'waiting'
            ? html`<button type="button" class="primary" data-action="runPlan" @click=${() => send('runPlan', plan.id)}>
                <span class="codicon codicon-play" aria-hidden="true"></span> ${label('run')}
              </button>`
            : nothing
        }
        ${
          plan.state !== 'running'
            ? html`<button type="button" class="secondary" data-action="dismissPlan" @click=${() => send('dismissPlan', plan.id)}>${label('dismiss')}</button>`
            : nothing
        }
      </div>`,
    section,
  );
}
