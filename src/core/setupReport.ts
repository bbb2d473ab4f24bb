/** What "Check Setup" found, in plain words, one line per check. */
import { describeFailure, type Failure, type FailureAction } from './failure';
import type { Translate } from './translate';

export interface SetupFindings {
  readonly keySource: 'storage' | 'environment' | 'none';
  readonly model: string;
  readonly host: string;
  readonly modelProbe?: { readonly ok: boolean; readonly organization?: string; readonly project?: string; readonly failure?: Failure };
  /** Undefined when the user skipped the test image. */
  readonly imageProbe?: { readonly ok: boolean; readonly failure?: Failure };
}

export interface SetupReport {
  readonly ok: boolean;
  readonly lines: readonly string[];
  readonly actions: readonly FailureAction[];
}

/** A report has no request to retry or prompt to edit. */
function reportActions(actions: readonly FailureAction[]): FailureAction[] {
  return actions.filter((action) => action !== 'retry' && action !== 'editPrompt');
}

export function describeSetup(findings: SetupFindings, t: Translate): SetupReport {
  const lines: string[] = [];
  if (findings.keySource === 'none') {
    return { ok: false, lines: [t('✗ No API key is set.')], actions: ['setApiKey'] };
  }
  lines.push(findings.keySource === 'storage' ? t('✓ An API key is stored in VS Code\'s secret storage.') : t('✓ Using the API key from the OPENAI_API_KEY environment variable.'));

  const probe = findings.modelProbe;
  if (probe?.failure) {
    const failure = probe.failure;
    const description = describeFailure(failure, t);
    lines.push(
      failure.kind === 'offline' || failure.kind === 'timeout'
        ? t('✗ {0} could not be reached: check the network, proxy or openaiImages.baseUrl.', findings.host)
        : failure.kind === 'auth'
          ? t('✗ The API key was refused: it is wrong or revoked.')
          : failure.kind === 'model-not-found'
            ? t('✗ This key has no access to {0}.', findings.model)
            : `✗ ${description.message}`,
    );
    return { ok: false, lines, actions: reportActions(description.actions) };
  }
  lines.push(t('✓ {0} answered and the key is valid.', findings.host));
  lines.push(t('✓ The key can use {0}.', findings.model));
  if (probe?.organization) lines.push(t('Organization: {0}', probe.organization));
  if (probe?.project) lines.push(t('Project: {0}', probe.project));

  const image = findings.imageProbe;
  if (!image) {
    lines.push(t('– Image generation was not tried, so organization verification and quota are unchecked.'));
    return { ok: true, lines, actions: [] };
  }
  if (image.ok) {
    lines.push(t('✓ A test image was generated: the organization may use {0} and has quota.', findings.model));
    return { ok: true, lines, actions: [] };
  }
  const failure = image.failure ?? { kind: 'server' };
  const description = describeFailure(failure, t);
  lines.push(
    failure.kind === 'verification'
      ? t('✗ The organization must be verified to use {0}. Verify it on the OpenAI platform; it can take 15 to 30 minutes to take effect.', findings.model)
      : `✗ ${description.message}`,
  );
  return { ok: false, lines, actions: reportActions(description.actions) };
}
