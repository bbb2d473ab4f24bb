/** The refusals the API taught (core/refusals), kept in the extension's global state across windows and reloads. */
import * as vscode from 'vscode';
import { z } from 'zod';
import type { Failure } from '../../core/failure';
import { isoDay } from '../../core/modelLifecycle';
import { showWarning } from '../../platform/notify';
import { forgetRefusals, knownRefusal, learnRefusal, valueOf, type LearnedRefusal } from '../../core/refusals';

const STATE_KEY = 'openaiImages.learnedRefusals';
const text = (max: number) => z.string().max(max);
const refusalSchema = z.object({ model: text(100), param: text(200), value: text(200), message: text(2000), on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

export class RefusalMemory {
  constructor(
    private readonly state: vscode.Memento,
    private readonly today: () => string = () => isoDay(new Date()),
  ) {}

  /** A recent refusal this request would meet again, if any. */
  known(model: string, body: object): LearnedRefusal | undefined {
    return knownRefusal(this.read(), model, body as Record<string, unknown>, this.today());
  }

  /** Keeps a 400 that names a control of the request; anything else teaches nothing. */
  async learn(failure: Failure, model: string, body: object): Promise<void> {
    if (failure.kind !== 'invalid-request' || !failure.param) return;
    const value = valueOf(body as Record<string, unknown>, failure.param);
    if (value === undefined) return;
    const message = (failure.detail ?? '').slice(0, 2000);
    await this.state.update(STATE_KEY, learnRefusal(this.read(), { model, param: failure.param, value: value.slice(0, 200), message, on: this.today() }));
  }

  /** A request that succeeded with these values: what was refused for them no longer holds. */
  async forget(model: string, body: object): Promise<void> {
    const before = this.read();
    const after = forgetRefusals(before, model, body as Record<string, unknown>);
    if (after.length !== before.length) await this.state.update(STATE_KEY, after);
  }

  private read(): LearnedRefusal[] {
    const raw = this.state.get<unknown>(STATE_KEY);
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((item) => {
      const parsed = refusalSchema.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    });
  }
}

/** For an agent: why nothing was sent. */
export function refusalText(refusal: LearnedRefusal): string {
  return vscode.l10n.t(
    'OpenAI refused {0} {1} for {2} on {3}: {4} Nothing was sent; choose another value.',
    refusal.param,
    refusal.value,
    refusal.model,
    refusal.on,
    refusal.message,
  );
}

/** The request meets a refusal the API gave before: said at once, and sent only if the user asks (it costs nothing). */
export async function sendDespite(refusal: LearnedRefusal): Promise<boolean> {
  const send = vscode.l10n.t('Send Anyway');
  const choice = await showWarning(
    vscode.l10n.t('OpenAI refused {0} {1} for {2} on {3}.', refusal.param, refusal.value, refusal.model, refusal.on),
    {
      modal: true,
      detail: `${refusal.message}\n\n${vscode.l10n.t('Nothing was sent. A refused request costs nothing: send it anyway if OpenAI may take it now.')}`,
    },
    send,
  );
  return choice === send;
}
