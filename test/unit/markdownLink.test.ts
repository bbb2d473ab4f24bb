import * as assert from 'node:assert/strict';
import { markdownImageLink } from '../../src/core/markdownLink';

describe('markdown links', () => {
  it('links relative to the document folder', () => {
    assert.equal(markdownImageLink('/repo/docs', '/repo/docs/fox.png', 'a red fox'), '![a red fox](fox.png)');
    assert.equal(markdownImageLink('/repo/docs', '/repo/assets/img/fox.png', 'fox'), '![fox](../assets/img/fox.png)');
  });

  it('encodes spaces, parentheses and non-ASCII names', () => {
    assert.equal(markdownImageLink('/repo', '/repo/sub with space/fox (1).png', 'fox'), '![fox](sub%20with%20space/fox%20%281%29.png)');
    assert.equal(markdownImageLink('/repo', '/repo/여우.png', '여우'), '![여우](%EC%97%AC%EC%9A%B0.png)');
  });

  it('keeps the alt text on one line without brackets', () => {
    assert.equal(markdownImageLink('/r', '/r/a.png', 'a [red]\n fox'), '![a red fox](a.png)');
    assert.ok(markdownImageLink('/r', '/r/a.png', 'x'.repeat(200)).length < 100);
  });
});
