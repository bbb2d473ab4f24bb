/** What "Check Setup" found on a compatible server, in plain words: its model list, the declaration, the test image. */
import type { CompatibleTarget } from './compatibleModels';
import { describeFailure, type Failure, type FailureAction } from './failure';
import type { SetupReport } from './setupReport';
import type { Translate } from './translate';

export interface CompatibleFindings {
  readonly keySource: 'storage' | 'environment' | 'none';
  readonly target: CompatibleTarget;
  readonly host: string;
  /** Undefined when there was no key to ask with. */
  readonly models?: { readonly ok: boolean; readonly listed?: readonly string[]; readonly failure?: Failure };
  /** Undefined when the user skipped the test image. */
  readonly imageProbe?: { readonly ok: boolean; readonly failure?: Failure };
}

/** How many of the server's ids a report names. */
const NAMED_MODELS = 12;

function reportActions(actions: readonly FailureAction[]): FailureAction[] {
  return actions.filter((action) => action !== 'retry' && action !== 'editPrompt');
}

/** Whether the list names the model; undefined when the server keeps no list. */
export function compatibleModelListed(findings: Pick<CompatibleFindings, 'models' | 'target'>): boolean | undefined {
  const listed = findings.models?.listed;
  return listed ? listed.includes(findings.target.id) : undefined;
}

function declarationLine(target: CompatibleTarget, t: Translate): string {
  const declared = target.declared;
  if (!declared) {
    return t('– {0} is not declared in openaiImages.compatibleModels: only the model, the prompt and the count are sent, and the cost is unknown.', target.id);
  }
  const parts = [
    declared.sizes ? t('sizes {0}', declared.sizes.join(', ')) : undefined,
    declared.qualities ? t('qualities {0}', declared.qualities.join(', ')) : undefined,
    declared.formats ? t('formats {0}', declared.formats.join(', ')) : undefined,
    declared.edit === false ? t('no edits') : declared.mask === false ? t('edits without a mask') : undefined,
  ].filter((part): part is string => part !== undefined);
  const price =
    declared.priceUsd === undefined || declared.priceUsd === null
      ? t('cost unknown')
      : t('{0} per image', `$${declared.priceUsd.toFixed(declared.priceUsd < 0.1 ? 3 : 2)}`);
  return parts.length > 0
    ? t('✓ {0} is declared in openaiImages.compatibleModels: {1}; {2}.', target.id, parts.join('; '), price)
    : t('✓ {0} is declared in openaiImages.compatibleModels with the basic parameters only; {1}.', target.id, price);
}

export function describeCompatibleSetup(findings: CompatibleFindings, t: Translate): SetupReport {
  const { target, host } = findings;
  if (findings.keySource === 'none') {
    return { ok: false, lines: [t('✗ No API key is set. A server that needs none still takes any word stored as the key.')], actions: ['setApiKey'] };
  }
  const lines = [t('Compatible server: {0}, model {1} (openaiImages.baseUrl, openaiImages.compatibleModel).', host, target.id)];
  const models = findings.models;
  if (models?.failure) {
    const failure = models.failure;
    lines.push(
      failure.kind === 'offline' || failure.kind === 'timeout'
        ? t('✗ {0} could not be reached: check the network, proxy or openaiImages.baseUrl.', host)
        : failure.kind === 'auth'
          ? t('✗ {0} refused the API key.', host)
          : `✗ ${describeFailure(failure, t).message}`,
    );
    return { ok: false, lines, actions: reportActions(describeFailure(failure, t).actions) };
  }
  const listed = compatibleModelListed(findings);
  const named = (models?.listed ?? []).slice(0, NAMED_MODELS).join(', ');
  if (listed === false) {
    lines.push(
      named
        ? t('✗ {0} does not list {1}. It lists: {2}. Set openaiImages.compatibleModel to one of them.', host, target.id, named)
        : t('✗ {0} lists no models, so it has no {1}.', host, target.id),
    );
    return { ok: false, lines, actions: ['openSettings'] };
  }
  lines.push(
    listed
      ? t('✓ {0} answered and lists {1}.', host, target.id)
      : t('? {0} keeps no model list (GET /models answered 404), so {1} is not checked; the test image tells.', host, target.id),
  );
  lines.push(declarationLine(target, t));
  const image = findings.imageProbe;
  if (!image) {
    lines.push(t('– No test image was made, so whether {0} makes images is unchecked.', target.id));
    return { ok: listed === true, lines, actions: [] };
  }
  if (image.ok) {
    lines.push(t('✓ A test image was generated with {0}.', target.id));
    return { ok: true, lines, actions: [] };
  }
  const description = describeFailure(image.failure ?? { kind: 'server' }, t);
  lines.push(`✗ ${description.message}`);
  return { ok: false, lines, actions: reportActions(description.actions) };
}
