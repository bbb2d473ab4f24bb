/**
 * The fake Images API in a process of its own, so its work (making and encoding answers) does not share
 * the measured process's one JavaScript thread. Prints its base URL on the first line of stdout.
 * Arguments: delay in ms, and optionally a PNG file to serve as every answer.
 */
import { readFileSync } from 'node:fs';
import { startFakeImagesServer } from '../test/fakeServer/fakeImagesServer';

async function main(): Promise<void> {
  const [delay, image] = process.argv.slice(2);
  const server = await startFakeImagesServer();
  server.delayMs = Number(delay ?? 0);
  if (image) server.fixedImages.png = readFileSync(image);
  process.stdout.write(`${server.baseUrl}\n`);
  process.on('SIGTERM', () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
