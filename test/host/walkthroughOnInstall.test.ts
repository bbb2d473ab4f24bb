/** The walkthrough's steps are marked done however the Welcome page started; it opens by itself once, in the first window after a fresh install: not after an update, not for a returning user, not when VS Code's switch is off. */
import * as assert from 'node:assert/strict';
import { Milestones } from '../../src/features/walkthrough/milestones';
import { openWalkthroughOnFirstInstall } from '../../src/features/walkthrough/openOnFirstInstall';
import { Logger } from '../../src/platform/logger';
import { memoryMemento } from '../support/entries';
import { MemorySecrets, recorded, resetStandIn, settingValues, window } from './vscodeStandIn';

const OPEN = 'workbench.action.openWalkthrough';

describe('host: the walkthrough on first install', () => {
  beforeEach(() => resetStandIn());
  const install = () => ({ globalState: memoryMemento(), secrets: new MemorySecrets(), extensionId: 'openai-images.openai-images' });
  const opened = () => recorded.commands.filter((each) => each.command === OPEN);

  it('opens the walkthrough once, in front when no editor is in use, and never again', async () => {
    const context = install();
    await openWalkthroughOnFirstInstall(context);
    assert.deepEqual(opened(), [{ command: OPEN, args: ['openai-images.openai-images#openaiImages.gettingStarted', { toSide: false, inactive: false }] }]);
    await openWalkthroughOnFirstInstall(context);
    assert.equal(opened().length, 1, 'a second window or a reload opens nothing');
  });

  it('opens it behind the editor the user is typing in', async () => {
    window.activeTextEditor = {};
    await openWalkthroughOnFirstInstall(install());
    assert.deepEqual(opened()[0]?.args[1], { toSide: false, inactive: true });
  });

  it('stays closed after an update (state an earlier version wrote), for a stored key of either provider, and when VS Code is told not to', async () => {
    const updated = install();
    await updated.globalState.update('openaiImages.recentPrompts', ['a lighthouse']);
    await openWalkthroughOnFirstInstall(updated);
    for (const secret of ['openaiImages.apiKey', 'openaiImages.azure.apiKey']) {
      const withKey = install();
      await withKey.secrets.store(secret, 'sk-test');
      await openWalkthroughOnFirstInstall(withKey);
    }
    settingValues['workbench.welcomePage.walkthroughs.openOnInstall'] = { globalValue: false, defaultValue: true };
    const switchedOff = install();
    await openWalkthroughOnFirstInstall(switchedOff);
    assert.deepEqual(opened(), []);
    // Each is marked as offered, so turning the switch on later does not open it on the next start.
    delete settingValues['workbench.welcomePage.walkthroughs.openOnInstall'];
    await openWalkthroughOnFirstInstall(switchedOff);
    assert.deepEqual(opened(), []);
  });
});

describe('host: walkthrough steps marked done', () => {
  beforeEach(() => resetStandIn());

  it("tells VS Code both ways: the step's context key, and the step itself as done (the Welcome page may not have been listening)", async () => {
    const milestones = new Milestones(memoryMemento(), new Logger('test'), 'openai-images.openai-images');
    await milestones.reach('firstCanvasEdit');
    await milestones.reach('firstCanvasEdit');
    assert.deepEqual(recorded.commands, [
      { command: 'setContext', args: ['openaiImages.walkthrough.firstCanvasEdit', true] },
      { command: 'welcome.markStepComplete', args: ['openai-images.openai-images#openaiImages.gettingStarted#firstCanvasEdit'] },
    ]);
  });
});
