/** What "Check Setup" found, in plain words, one line per check. */
import { describeFailure, type Failure, type FailureAction } from './failure';
import type { Lifecycle } from './modelLifecycle';
import type { Translate } from './translate';

export interface SetupFindings {
  readonly keySource: 'storage' | 'environment' | 'entraId' | 'none';
  /** Set when the images come from the user's Azure OpenAI resource, with the deployment that serves the model. */
  readonly azure?: { readonly deployment?: string };
  readonly model: string;
  readonly host: string;
  /** The model's standing in the catalogue on the day of the check. */
  readonly lifecycle: Lifecycle;
  readonly modelProbe?: {
    readonly ok: boolean;
    readonly organization?: string;
    readonly project?: string;
    readonly shutdownDate?: string;
    readonly failure?: Failure;
  };
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

/**
 * A 404 from the model lookup for a model the catalogue lists as live proves little: at the GPT Image 2.5 launch
 * the lookup answered 404 for a while although generation worked. Only the test image can tell.
 */
export function lookupUnconfirmed(findings: Pick<SetupFindings, 'lifecycle' | 'modelProbe'>): boolean {
  const failure = findings.modelProbe?.failure;
  return failure?.kind === 'model-not-found' && (findings.lifecycle.state === 'active' || findings.lifecycle.state === 'deprecated');
}

function credentialLine(findings: SetupFindings, t: Translate): string {
  if (findings.keySource === 'entraId') return t('✓ Signed in with Microsoft Entra ID: VS Code keeps the session, this extension stores no token.');
  if (findings.azure) {
    return findings.keySource === 'storage'
      ? t("✓ An Azure OpenAI key is stored in VS Code's secret storage.")
      : t('✓ Using the key from the AZURE_OPENAI_API_KEY environment variable.');
  }
  return findings.keySource === 'storage'
    ? t("✓ An API key is stored in VS Code's secret storage.")
    : t('✓ Using the API key from the OPENAI_API_KEY environment variable.');
}

export function describeSetup(findings: SetupFindings, t: Translate): SetupReport {
  const lines: string[] = [];
  const { lifecycle } = findings;
  if (lifecycle.state === 'shut-down') {
    return {
      ok: false,
      lines: [t('✗ {0} was shut down on {1}; set openaiImages.model to its successor {2}.', findings.model, lifecycle.shutdown, lifecycle.successor)],
      actions: ['openSettings'],
    };
  }
  if (findings.keySource === 'none') {
    return {
      ok: false,
      lines: [findings.azure ? t('✗ No Azure OpenAI key is set, and no Entra ID sign-in.') : t('✗ No API key is set.')],
      actions: ['setApiKey'],
    };
  }
  lines.push(credentialLine(findings, t));

  const probe = findings.modelProbe;
  const unconfirmed = lookupUnconfirmed(findings);
  if (probe?.failure && !unconfirmed) {
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
  lines.push(
    unconfirmed
      ? t(
          '? Could not confirm access to {0}: the model lookup answered 404, which happens for a while after a launch although images work. The test image tells.',
          findings.model,
        )
      : findings.azure
        ? t('✓ {0} is served by the deployment {1} (the test image proves the deployment exists).', findings.model, findings.azure.deployment ?? '')
        : t('✓ The key can use {0}.', findings.model),
  );
  const shutdown = probe?.shutdownDate ?? (lifecycle.state === 'deprecated' ? lifecycle.shutdown : undefined);
  if (shutdown) {
    const successor = lifecycle.state === 'deprecated' ? lifecycle.successor : undefined;
    lines.push(
      successor
        ? t('! OpenAI shuts {0} down on {1}; its successor is {2}.', findings.model, shutdown, successor)
        : t('! OpenAI shuts {0} down on {1}.', findings.model, shutdown),
    );
  }
  if (probe?.organization) lines.push(t('Organization: {0}', probe.organization));
  if (probe?.project) lines.push(t('Project: {0}', probe.project));

  const image = findings.imageProbe;
  if (!image) {
    lines.push(t('– Image generation was not tried, so organization verification and quota are unchecked.'));
    return { ok: !unconfirmed, lines, actions: [] };
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
