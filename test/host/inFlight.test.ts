/**
 * A window closed while a request ran: after the reload the history says what it left, its images written whole
 * (found under the names it would have taken, made after it started) or nothing.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ResultsStore } from '../../src/core/results';
import { InFlightRequests } from '../../src/features/requests/inFlight';
import { memoryMemento, resultEntry } from '../support/entries';
import { resetStandIn, Uri } from './vscodeStandIn';

describe('host: requests a closed window left running', () => {
  let folder: string;
  beforeEach(() => {
    resetStandIn();
    folder = mkdtempSync(path.join(os.tmpdir(), 'openai-images-inflight-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const running = (id: string, stem: string) =>
    resultEntry(id, {
      status: 'running',
      startedAt: Date.now() - 1_000,
      outputFolder: Uri.file(folder).toString(),
      stem,
      estimate: { usd: 0.05, approximate: true },
    });

  it('an answer that was written is done with its file; one that was not is cancelled and says nothing was written', async () => {
    const state = memoryMemento();
    const before = new InFlightRequests(state);
    await before.begin(running('written', 'a-red-fox'));
    await before.begin(running('lost', 'a-blue-bird'));
    await before.begin(running('finished', 'a-cat'));
    await before.end('finished');
    writeFileSync(path.join(folder, 'a-red-fox.png'), 'png');
    // An older file under the same name is not this request's.
    writeFileSync(path.join(folder, 'a-blue-bird.png'), 'png');
    utimesSync(path.join(folder, 'a-blue-bird.png'), new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));

    const store = new ResultsStore();
    const settled = await new InFlightRequests(state).settle(store);
    assert.deepEqual(
      settled.map((entry) => [entry.id, entry.status, entry.files.map((file) => path.basename(Uri.parse(file).fsPath)), entry.error]),
      [
        ['written', 'done', ['a-red-fox.png'], undefined],
        ['lost', 'cancelled', [], 'The window closed before the answer arrived, so nothing was written.'],
      ],
    );
    assert.deepEqual(
      store
        .all()
        .map((entry) => entry.id)
        .sort(),
      ['lost', 'written'],
    );
    assert.deepEqual(await new InFlightRequests(state).settle(new ResultsStore()), [], 'settled once');
  });
});
