/** historyLimit changed live, and the question before Generate Assets replaces files someone else made. */
import * as assert from 'node:assert/strict';
import type { PlanItem } from '../../src/core/assets/assetPlan';
import { ResultsStore } from '../../src/core/results';
import { askToOverwrite } from '../../src/features/assets/overwritePrompt';
import { followHistoryLimit } from '../../src/features/history/historyLimit';
import { Logger } from '../../src/platform/logger';
import { SettingsReader } from '../../src/platform/settingsReader';
import { resultEntry } from '../support/entries';
import { answers, changeSetting, recorded, resetStandIn } from './vscodeStandIn';

const entry = (i: number) => resultEntry(`e${i}`, { prompt: `p${i}`, size: 'auto', startedAt: i });

describe('host: historyLimit changed live', () => {
  beforeEach(resetStandIn);

  it('trims the history at once to the new limit, newest kept, and lets it grow again', () => {
    const store = new ResultsStore(500);
    for (let i = 0; i < 15; i++) store.put(entry(i));
    const following = followHistoryLimit(store, new SettingsReader(new Logger('test')));
    changeSetting('openaiImages.historyLimit', 10);
    assert.deepEqual(
      store.all().map((e) => e.id),
      ['e14', 'e13', 'e12', 'e11', 'e10', 'e9', 'e8', 'e7', 'e6', 'e5'],
    );
    changeSetting('openaiImages.historyLimit', 50);
    for (let i = 15; i < 25; i++) store.put(entry(i));
    assert.equal(store.all().length, 20);
    changeSetting('editor.fontSize', 20);
    assert.equal(store.all().length, 20, 'another setting changes nothing');
    // Below the minimum (10): the default applies, with a warning, not a history of 3.
    changeSetting('openaiImages.historyLimit', 3);
    assert.equal(store.all().length, 20);
    assert.match(recorded.shown.at(-1)!.message, /openaiImages\.historyLimit has an invalid value/);
    following.dispose();
  });
});

describe('host: Generate Assets asks before replacing files made elsewhere', () => {
  beforeEach(resetStandIn);
  const items = [
    { asset: { index: 0, key: 'hero.png' }, status: 'modified' },
    { asset: { index: 3, key: 'icons/a.png' }, status: 'untracked' },
  ] as unknown as PlanItem[];

  it('a modal question lists each file and why; Overwrite replaces them all', async () => {
    answers.messages.push('Overwrite');
    assert.deepEqual([...(await askToOverwrite(items))], [0, 3]);
    const asked = recorded.shown.at(-1)!;
    assert.equal(asked.modal, true);
    assert.equal(asked.message, '2 file(s) were changed by hand or not made from this manifest. Overwrite them?');
    assert.equal(
      asked.detail,
      '• hero.png: changed on disk since it was made (asks before overwriting)\n• icons/a.png: exists, not made from this manifest (asks before overwriting)',
    );
    assert.deepEqual(asked.items, ['Overwrite', 'Keep Them']);
  });

  it('Keep Them, or closing the dialog, replaces none', async () => {
    answers.messages.push('Keep Them');
    assert.equal((await askToOverwrite(items)).size, 0);
    answers.messages.push(undefined);
    assert.equal((await askToOverwrite(items)).size, 0);
  });
});
