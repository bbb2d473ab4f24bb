/** The Files and Batches endpoints, for assets sent through the Batch API; checked at the boundary like images. */
import { toFile } from 'openai';
import { z } from 'zod';
import { createClient, type Connection } from './imagesClient';

export const batchSchema = z
  .object({
    id: z.string(),
    status: z.enum(['validating', 'failed', 'in_progress', 'finalizing', 'completed', 'expired', 'cancelling', 'cancelled']),
    output_file_id: z.string().nullish(),
    error_file_id: z.string().nullish(),
    request_counts: z.object({ total: z.number(), completed: z.number(), failed: z.number() }).nullish(),
    errors: z
      .object({ data: z.array(z.object({ code: z.string().nullish(), line: z.number().nullish(), message: z.string().nullish() }).loose()).nullish() })
      .loose()
      .nullish(),
  })
  .loose();

export type BatchInfo = z.infer<typeof batchSchema>;

/** Uploads the JSONL request file (purpose `batch`) and creates the batch; returns the batch. */
export async function submitBatch(
  connection: Connection,
  jsonl: string,
  endpoint: '/v1/images/generations',
  metadata: Record<string, string>,
  signal?: AbortSignal,
): Promise<BatchInfo> {
  const client = createClient(connection);
  const file = await client.files.create(
    { file: await toFile(Buffer.from(jsonl, 'utf8'), 'openai-images-assets.jsonl', { type: 'application/jsonl' }), purpose: 'batch' },
    { signal },
  );
  const batch = await client.batches.create({ input_file_id: file.id, endpoint, completion_window: '24h', metadata }, { signal });
  return batchSchema.parse(batch);
}

export async function retrieveBatch(connection: Connection, id: string, signal?: AbortSignal): Promise<BatchInfo> {
  return batchSchema.parse(await createClient(connection).batches.retrieve(id, { signal }));
}

export async function downloadFile(connection: Connection, id: string, signal?: AbortSignal): Promise<string> {
  const response = await createClient(connection).files.content(id, { signal });
  return response.text();
}
