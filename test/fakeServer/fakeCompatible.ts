/**
 * An OpenAI-compatible server that is not OpenAI (LocalAI, a gateway, another local server), as the fake plays it
 * when `server.compatible` is set: its own models at `GET /v1/models`, only the body fields it knows (any other is
 * refused as an unknown parameter), a link instead of the image unless `response_format: b64_json` is asked for, no
 * streaming, no usage, no Content Credentials.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { ApiError } from './apiError';

export interface FakeCompatible {
  /** The models it serves and lists. */
  models: string[];
  /** Whether `GET /v1/models` answers; some servers keep no list and answer 404. */
  listsModels: boolean;
  /** The body fields it takes (files count as fields: `image`, `mask`); any other is refused. */
  fields: string[];
  /** The sizes it makes, when `size` is among its fields; the first is its default. */
  sizes: string[];
}

export function fakeCompatible(overrides: Partial<FakeCompatible> = {}): FakeCompatible {
  return {
    models: ['flux-schnell'],
    listsModels: true,
    fields: ['model', 'prompt', 'n', 'size', 'response_format', 'image', 'mask'],
    sizes: ['512x512'],
    ...overrides,
  };
}

export interface CompatibleRequest {
  readonly method: string;
  readonly path: string;
  readonly fields: Record<string, unknown>;
  readonly files: ReadonlyArray<{ readonly field: string }>;
}

export interface CompatibleAnswer {
  readonly status: number;
  readonly body: unknown;
  /** The images it made, for the record. */
  readonly images: Buffer[];
}

/** A PNG in a colour of the prompt's, the size asked for: deterministic, and not signed (no local server signs). */
async function picture(prompt: string, size: string): Promise<Buffer> {
  const [width, height] = size.split('x').map(Number) as [number, number];
  const digest = createHash('sha256').update(prompt).digest();
  return sharp({ create: { width, height, channels: 3, background: { r: digest[0]!, g: digest[1]!, b: digest[2]! } } })
    .png()
    .toBuffer();
}

/** Whether `request` is the compatible server's to answer. */
export function isCompatibleRoute(request: Pick<CompatibleRequest, 'method' | 'path'>): boolean {
  return (request.method === 'GET' && request.path === '/v1/models') || (request.method === 'POST' && request.path.startsWith('/v1/images/'));
}

export async function compatibleAnswer(request: CompatibleRequest, server: FakeCompatible): Promise<CompatibleAnswer> {
  try {
    return await answer(request, server);
  } catch (error) {
    if (error instanceof ApiError) return { status: error.status, body: error.toBody(), images: [] };
    throw error;
  }
}

async function answer(request: CompatibleRequest, server: FakeCompatible): Promise<CompatibleAnswer> {
  if (request.path === '/v1/models') {
    if (!server.listsModels) throw new ApiError(404, 'Not Found', null, null);
    return { status: 200, body: { object: 'list', data: server.models.map((id) => ({ id, object: 'model', owned_by: 'local' })) }, images: [] };
  }
  const edit = request.path === '/v1/images/edits';
  if (!edit && request.path !== '/v1/images/generations') throw new ApiError(404, 'Not Found', null, null);
  const named = [...Object.keys(request.fields), ...request.files.map((file) => file.field.replace(/\[\]$/, ''))];
  const unknown = named.find((field) => !server.fields.includes(field));
  if (unknown !== undefined) throw new ApiError(400, `Unknown parameter: '${unknown}'.`, unknown, 'unknown_parameter');
  const model = String(request.fields.model ?? '');
  if (!server.models.includes(model)) throw new ApiError(404, `model '${model}' not found`, 'model', 'model_not_found');
  const prompt = typeof request.fields.prompt === 'string' ? request.fields.prompt : '';
  if (prompt === '') throw new ApiError(400, "Missing required parameter: 'prompt'.", 'prompt', 'missing_required_parameter');
  if (edit && !request.files.some((file) => file.field === 'image' || file.field === 'image[]'))
    throw new ApiError(400, "Missing required parameter: 'image'.", 'image', 'missing_required_parameter');
  const size = request.fields.size === undefined ? server.sizes[0]! : String(request.fields.size);
  if (!server.sizes.includes(size)) throw new ApiError(400, `Invalid size '${size}': supported sizes are ${server.sizes.join(', ')}.`, 'size', 'invalid_value');
  const n = Number(request.fields.n ?? 1);
  const images = await Promise.all(Array.from({ length: Math.max(1, Math.min(4, n)) }, (_unused, index) => picture(`${prompt}#${index}`, size)));
  const created = 1_764_000_000;
  // Like DALL-E-era servers: a link unless the image itself is asked for.
  const data =
    request.fields.response_format === 'b64_json'
      ? images.map((image) => ({ b64_json: image.toString('base64') }))
      : images.map((_image, index) => ({ url: `http://127.0.0.1:9/generated/${created}-${index}.png` }));
  return { status: 200, body: { created, data }, images };
}
