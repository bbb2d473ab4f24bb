import * as assert from 'node:assert/strict';
import { resolveInside } from '../../src/core/outputFolder';

describe('output folder', () => {
  it('resolves inside the workspace folder', () => {
    assert.equal(resolveInside('/repo', 'assets/images'), '/repo/assets/images');
    assert.equal(resolveInside('/repo', './assets/../img/'), '/repo/img');
    assert.equal(resolveInside('/repo', 'a\\b'), '/repo/a/b');
    assert.equal(resolveInside('/repo', ''), '/repo');
  });

  it('refuses paths that leave it', () => {
    for (const bad of ['..', '../x', 'a/../../x', '/etc', 'C:/Windows', 'c:\\x']) assert.equal(resolveInside('/repo', bad), undefined, bad);
  });
});
