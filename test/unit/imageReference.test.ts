import * as assert from 'node:assert/strict';
import { imageReference, syntaxFor } from '../../src/core/imageReference';

describe('image references in the syntax of the document', () => {
  const doc = '/repo/docs';
  const file = '/repo/docs/img/red fox (1).png';
  const prompt = 'A "red" fox <b>&</b> [snow]';

  it('picks the syntax by language', () => {
    assert.equal(syntaxFor('markdown'), 'markdown');
    assert.equal(syntaxFor('html'), 'html');
    assert.equal(syntaxFor('scss'), 'css');
    assert.equal(syntaxFor('typescriptreact'), 'jsx');
    assert.equal(syntaxFor('python'), 'path');
  });

  it('writes each syntax with a relative, encoded path and a safe alt text', () => {
    assert.equal(imageReference('markdown', doc, file, prompt), '![A "red" fox \\<b\\>&\\</b\\> snow](img/red%20fox%20%281%29.png)');
    assert.equal(
      imageReference('html', doc, file, prompt),
      '<img src="img/red%20fox%20%281%29.png" alt="A &quot;red&quot; fox &lt;b&gt;&amp;&lt;/b&gt; snow">',
    );
    assert.equal(imageReference('css', doc, file, prompt), 'url("img/red%20fox%20%281%29.png")');
    assert.equal(imageReference('jsx', doc, file, prompt), '<img src="./img/red%20fox%20%281%29.png" alt={"A \\"red\\" fox <b>&</b> snow"} />');
    assert.equal(imageReference('path', doc, file, prompt), 'img/red fox (1).png');
  });

  it('leaves nothing a template language evaluates in the alt text: Svelte and Astro braces, Angular/Handlebars {{ }}, MDX expressions', () => {
    const hostile = 'a {alert(document.cookie)} and {{constructor.constructor("x")()}}';
    assert.equal(syntaxFor('svelte'), 'html');
    assert.equal(syntaxFor('astro'), 'html');
    const html = imageReference('html', doc, file, hostile);
    assert.doesNotMatch(html, /[{}]/);
    assert.match(html, /alt="a &#123;alert\(document\.cookie\)&#125; and &#123;&#123;constructor/);
    assert.match(imageReference('markdown', doc, file, hostile), /^!\[a \\\{alert\(document\.cookie\)\\\} and \\\{\\\{/);
    assert.equal(imageReference('jsx', doc, file, '{x}'), '<img src="./img/red%20fox%20%281%29.png" alt={"{x}"} />', 'a JS string: braces are text');
  });

  it('goes up when the image is outside the document folder', () => {
    assert.equal(imageReference('jsx', '/repo/src/app', '/repo/assets/logo.png', 'logo'), '<img src="../../assets/logo.png" alt={"logo"} />');
    assert.equal(imageReference('css', '/repo/src', "/repo/a'b.png", 'x'), 'url("../a%27b.png")');
  });
});
