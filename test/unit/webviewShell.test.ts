/** The HTML shell both webviews share: a policy that allows no inline script or style, and escaped attributes. */
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { escapeAttribute, newNonce, strictCsp } from '../../src/platform/webviewShell';

describe('webview shell', () => {
  it('allows scripts only by nonce, styles and images only from the webview (and blob: images), nothing else', () => {
    const webview = { cspSource: 'https://file+.vscode-resource.example' } as vscode.Webview;
    const nonce = newNonce();
    assert.match(nonce, /^[0-9a-f]{32}$/);
    assert.notEqual(newNonce(), nonce);
    assert.deepEqual(strictCsp(webview, nonce).split('; '), [
      "default-src 'none'",
      'img-src https://file+.vscode-resource.example blob:',
      'style-src https://file+.vscode-resource.example',
      'font-src https://file+.vscode-resource.example',
      `script-src 'nonce-${nonce}'`,
    ]);
  });

  it('escapes what could end an attribute or start markup', () => {
    assert.equal(escapeAttribute(`"><script>alert('&')</script>`), `&quot;&gt;&lt;script&gt;alert('&amp;')&lt;/script&gt;`);
  });
});
