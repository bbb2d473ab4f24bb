/**
 * What a file's Content Credentials say, from the manifest store c2pa-rs reports (read as untrusted JSON: only the
 * fields used here are parsed, and none is required). Four answers a person can act on:
 * - `intact`: signed by an issuer on the C2PA trust list, and the file is as it was signed;
 * - `untrusted`: the file is as it was signed, but the signer's certificate does not chain to a trusted issuer (a
 *   test certificate, an expired or unlisted one): "signed, issuer not trusted", never "altered";
 * - `altered`: the manifest is there but the file or the manifest changed after signing (a hash or the signature
 *   no longer matches), or the manifest cannot be read;
 * - `none`: no manifest at all.
 */
import { z } from 'zod';

export type CredentialsState = 'intact' | 'untrusted' | 'altered' | 'none';

export interface CredentialsReport {
  readonly state: CredentialsState;
  /** The signing certificate's common name, e.g. "OpenAI Media Service". */
  readonly signer?: string;
  /** The signing certificate's organization, e.g. "OpenAI OpCo, LLC". */
  readonly issuer?: string;
  /** When the claim was signed (ISO 8601), if the signature carries a time stamp. */
  readonly signedAt?: string;
  /** The claim generator, e.g. "OpenAI Media Service API". */
  readonly generator?: string;
  /** The software agent of the `c2pa.created` action, e.g. "gpt-image 2.0". */
  readonly softwareAgent?: string;
  /** The manifest declares the image made by a trained model (IPTC `trainedAlgorithmicMedia`). */
  readonly aiGenerated: boolean;
  /** The actions the manifest declares, e.g. `c2pa.created`, `c2pa.converted`, `c2pa.watermarked.unbound`. */
  readonly actions: readonly string[];
  /** The validator's codes that decided `untrusted` or `altered`. */
  readonly problems: readonly string[];
}

const text = z.string().max(1000);
const agentSchema = z.union([text, z.object({ name: text.optional(), version: text.optional() }).loose()]);
const actionSchema = z.object({ action: text, softwareAgent: agentSchema.optional(), digitalSourceType: text.optional() }).loose();
const statusSchema = z.object({ code: text }).loose();

const manifestSchema = z
  .object({
    claim_generator_info: z.array(z.object({ name: text.optional(), version: text.optional() }).loose()).optional(),
    claim_generator: text.optional(),
    signature_info: z.object({ common_name: text.optional(), issuer: text.optional(), time: text.optional() }).loose().optional(),
    assertions: z.array(z.object({ label: text, data: z.unknown() }).loose()).optional(),
  })
  .loose();

const storeSchema = z
  .object({
    active_manifest: text.optional(),
    manifests: z.record(z.string(), z.unknown()).optional(),
    validation_state: text.optional(),
    validation_status: z.array(statusSchema).optional(),
    validation_results: z
      .object({
        activeManifest: z
          .object({ failure: z.array(statusSchema).optional() })
          .loose()
          .optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

const TRAINED = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';

/** Failures about who signed, not about what was signed: the file is still as it was signed. */
function isCredentialOnly(code: string): boolean {
  return code.startsWith('signingCredential.') || code.startsWith('timeStamp.') || code === 'algorithm.deprecated';
}

function agentName(agent: z.infer<typeof agentSchema> | undefined): string | undefined {
  if (agent === undefined) return undefined;
  if (typeof agent === 'string') return agent;
  return [agent.name, agent.version].filter(Boolean).join(' ') || undefined;
}

function actionsOf(manifest: z.infer<typeof manifestSchema>): z.infer<typeof actionSchema>[] {
  const found: z.infer<typeof actionSchema>[] = [];
  for (const assertion of manifest.assertions ?? []) {
    if (!assertion.label.startsWith('c2pa.actions')) continue;
    const parsed = z
      .object({ actions: z.array(z.unknown()).max(200) })
      .loose()
      .safeParse(assertion.data);
    for (const action of parsed.success ? parsed.data.actions : []) {
      const one = actionSchema.safeParse(action);
      if (one.success) found.push(one.data);
    }
  }
  return found;
}

export const NO_CREDENTIALS: CredentialsReport = { state: 'none', aiGenerated: false, actions: [], problems: [] };

/** A manifest that is present but cannot be read at all (c2pa-rs refused it). */
export function unreadableCredentials(problem: string): CredentialsReport {
  return { state: 'altered', aiGenerated: false, actions: [], problems: [problem] };
}

/** The report for the manifest store c2pa-rs returned for a file (its `manifestStore()`). */
export function reportFromStore(raw: unknown): CredentialsReport {
  const store = storeSchema.safeParse(raw);
  if (!store.success) return unreadableCredentials('manifest store unreadable');
  const { active_manifest: label, manifests, validation_state: state } = store.data;
  const active = label && manifests ? manifestSchema.safeParse(manifests[label]) : undefined;
  if (!active?.success) return unreadableCredentials('no active manifest');
  const manifest = active.data;
  const failures = (store.data.validation_results?.activeManifest?.failure ?? store.data.validation_status ?? []).map((status) => status.code);
  const actions = actionsOf(manifest);
  const created = actions.find((action) => action.action === 'c2pa.created' || action.action === 'c2pa.opened');
  const generator = manifest.claim_generator_info?.[0];
  const altered = failures.filter((code) => !isCredentialOnly(code));
  const verdict: CredentialsState =
    altered.length > 0 || (state !== undefined && state !== 'Trusted' && state !== 'Valid' && failures.length === 0)
      ? 'altered'
      : state === 'Trusted' && failures.length === 0
        ? 'intact'
        : 'untrusted';
  return {
    state: verdict,
    signer: manifest.signature_info?.common_name,
    issuer: manifest.signature_info?.issuer,
    signedAt: manifest.signature_info?.time,
    generator: generator ? [generator.name, generator.version].filter(Boolean).join(' ') || undefined : manifest.claim_generator,
    softwareAgent: agentName(created?.softwareAgent),
    aiGenerated: actions.some((action) => action.digitalSourceType === TRAINED),
    actions: actions.map((action) => action.action),
    problems: verdict === 'intact' ? [] : altered.length > 0 ? altered : failures,
  };
}
