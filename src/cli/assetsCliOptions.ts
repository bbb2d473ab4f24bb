/** The command line's options and usage text, parsed with Node's own parseArgs. */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_BASE_URL } from '../api/imagesClient';
import { DRAFTS_FOLDER } from '../core/assets/candidates';
import { CONTENT_CREDENTIALS_CHOICES, type ContentCredentialsChoice } from '../core/credentials/imagePlacement';
import { RECIPE_REGISTRY_PATH } from '../core/credentials/recipeRegistry';
import { PROVIDER_FLAG_OPTIONS, PROVIDER_FLAG_USAGE, type AzureRoute } from '../core/providers';
import { whereFromFlags } from '../pipeline/endpointFlags';
import { COMPATIBLE_FLAG_OPTIONS, COMPATIBLE_FLAG_USAGE, type EndpointSettings } from '../core/compatibleFlags';
import { DEFAULT_SETTINGS } from '../core/settings';

export interface CliIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Asks a yes/no question when there is a terminal to ask on; undefined when there is none (CI). */
  readonly ask?: (question: string) => Promise<boolean>;
  readonly signal?: AbortSignal;
}

export const USAGE = `Usage: openai-images-assets <manifest.images.json> [options]
       openai-images-assets choose <manifest.images.json> <out> <n> [--keep-draft] [options]

Makes the images of a manifest that are missing or stale, and records them in <name>.images.lock.json.
An asset with "candidates" is drafted into ${DRAFTS_FOLDER}/ instead; \`choose\` writes the chosen
one to its out, locks it and makes its derivatives.

Options:
  --check            exit 1 if any asset is stale, without calling the API (for CI)
  --batch            submit the stale generated assets as one Batch API job (about half the price,
                     results within 24 hours); the lock file records the job
  --collect          collect the finished batch job recorded in the lock file, writing its images
  --dry-run          print the plan and its estimated cost, without calling the API
  --candidates N     draft every stale asset as N candidates (2-8) to choose from
  --keep-draft       (choose) write the chosen draft as it is, not remade at the asset's own model
  --concurrency N    requests at once (default 3)
  --root DIR         the folder outputs and inputs must stay in (default: the current folder)
  --base-url URL     an OpenAI-compatible endpoint instead of ${DEFAULT_BASE_URL}
${COMPATIBLE_FLAG_USAGE}
${PROVIDER_FLAG_USAGE}
  --timeout S        seconds per request (default 300)
  --max-cost USD     the most a run may cost without asking (default ${DEFAULT_SETTINGS.confirmAboveUsd}); above it the
                     command asks in a terminal and refuses where there is none (CI)
  --content-credentials keep|strip
                     keep (default): write each image byte for byte as signed, its recipe in
                     ${RECIPE_REGISTRY_PATH}; strip: remove the C2PA manifest first
  -h, --help         this text

Behind a proxy, set HTTPS_PROXY (http://user:password@proxy:port when it asks for credentials) and NO_PROXY;
a proxy that re-signs TLS needs its certificate authority in NODE_EXTRA_CA_CERTS (a PEM file).

The API key is read from OPENAI_API_KEY (AZURE_OPENAI_API_KEY with --provider azure). An image that was paid for but cannot be written is kept in
the recovery folder (OPENAI_IMAGES_RECOVERY_DIR, or the user's state folder), and its path is printed.`;

export interface CliOptions {
  readonly manifestArg: string;
  readonly manifestPath: string;
  readonly root: string;
  readonly concurrency: number;
  readonly timeoutSeconds: number;
  readonly maxCost: number;
  readonly baseUrl: string;
  /** A base URL that is not OpenAI's, with what its models take (--compatible-model, --compatible-models). */
  readonly endpoint?: EndpointSettings;
  /** Set with --provider azure: the user's resource instead of OpenAI. */
  readonly azure?: AzureRoute;
  readonly check: boolean;
  readonly credentials: ContentCredentialsChoice;
  readonly batch: boolean;
  readonly collect: boolean;
  readonly dryRun: boolean;
  readonly candidates?: number;
  /** `choose <manifest> <out> <n>`: the asset's out as the manifest writes it, and the candidate's number. */
  readonly choose?: { readonly out: string; readonly candidate: number; readonly keepDraft: boolean };
}

/** The options, or the exit code when they are wrong or only help was asked for. */
export function parseCliArgs(argv: readonly string[], io: CliIo): CliOptions | number {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        check: { type: 'boolean', default: false },
        batch: { type: 'boolean', default: false },
        collect: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        candidates: { type: 'string' },
        'keep-draft': { type: 'boolean', default: false },
        concurrency: { type: 'string', default: '3' },
        root: { type: 'string' },
        'base-url': { type: 'string', default: '' },
        timeout: { type: 'string', default: '300' },
        'max-cost': { type: 'string', default: String(DEFAULT_SETTINGS.confirmAboveUsd) },
        'content-credentials': { type: 'string', default: 'keep' },
        ...PROVIDER_FLAG_OPTIONS,
        ...COMPATIBLE_FLAG_OPTIONS,
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const choosing = positionals[0] === 'choose' && positionals.length === 4;
  const [manifestArg, chooseOut, chooseNumber] = choosing ? positionals.slice(1) : positionals;
  const candidate = Number(chooseNumber);
  const candidates = values.candidates === undefined ? undefined : Number(values.candidates);
  const concurrency = Number(values.concurrency);
  const timeoutSeconds = Number(values.timeout);
  const maxCost = Number(values['max-cost']);
  const valid =
    manifestArg &&
    (choosing ? Number.isInteger(candidate) && candidate >= 1 && candidate <= 8 : positionals.length === 1 && !values['keep-draft']) &&
    (candidates === undefined || (Number.isInteger(candidates) && candidates >= 2 && candidates <= 8)) &&
    Number.isInteger(concurrency) &&
    concurrency >= 1 &&
    concurrency <= 16;
  const credentials = CONTENT_CREDENTIALS_CHOICES.find((choice) => choice === values['content-credentials']);
  const where = whereFromFlags(values, io.cwd);
  if ('wrong' in where) {
    io.stderr(`${where.wrong}.\n\n${USAGE}`);
    return 2;
  }
  const { azure, endpoint } = where;
  if (!valid || !(timeoutSeconds >= 10) || !(maxCost >= 0) || !credentials) {
    io.stderr(USAGE);
    return 2;
  }
  const posix = (file: string) => path.resolve(io.cwd, file).split(path.sep).join('/');
  return {
    manifestArg,
    manifestPath: posix(manifestArg),
    root: posix(values.root ?? '.'),
    concurrency,
    timeoutSeconds,
    maxCost,
    baseUrl: values['base-url'] ?? '',
    ...(endpoint ? { endpoint } : {}),
    ...(azure ? { azure } : {}),
    check: values.check,
    batch: values.batch,
    collect: values.collect,
    dryRun: values['dry-run'],
    credentials,
    candidates,
    choose: choosing ? { out: chooseOut!, candidate, keepDraft: values['keep-draft'] } : undefined,
  };
}
