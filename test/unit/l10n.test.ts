/** Every user-visible string exists in English, Spanish and Korean, with the same placeholders. */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

const root = path.join(__dirname, '../..');
const LANGUAGES = ['es', 'ko'];
/** A call with a single- or double-quoted literal (Prettier writes a text with an apostrophe in double quotes). */
const CALL = /\b(?:l10n\.)?t\(\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g;
const bundleSchema = z.record(z.string(), z.string());

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const file = path.join(directory, name);
    return statSync(file).isDirectory() ? sourceFiles(file) : file.endsWith('.ts') ? [file] : [];
  });
}

/** Literal strings passed to `vscode.l10n.t` or the core's `t`. */
function translatedStrings(): Set<string> {
  const found = new Set<string>();
  for (const file of sourceFiles(path.join(root, 'src'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(CALL)) found.add((match[1] ?? match[2]!).replace(/\\'/g, "'").replace(/\\"/g, '"'));
  }
  return found;
}

const readJson = (file: string) => bundleSchema.parse(JSON.parse(readFileSync(path.join(root, file), 'utf8')));
const placeholders = (text: string) => [...text.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();

describe('localization', () => {
  const strings = translatedStrings();

  it('finds the strings (the scan works)', () => {
    assert.ok(strings.size > 50);
    assert.ok(strings.has('Generating image with {0}... ({1})'));
    assert.ok(strings.has("The key is not allowed to do this (403). Check the key's project and permissions."), 'double-quoted texts are found too');
  });

  for (const language of LANGUAGES) {
    it(`translates every runtime string into ${language}`, () => {
      const bundle = readJson(`l10n/bundle.l10n.${language}.json`);
      const missing = [...strings].filter((text) => !(text in bundle));
      assert.deepEqual(missing, [], `missing in ${language}`);
      const stale = Object.keys(bundle).filter((text) => !strings.has(text));
      assert.deepEqual(stale, [], `no longer used, in ${language}`);
      for (const [english, translated] of Object.entries(bundle)) {
        assert.deepEqual(placeholders(translated), placeholders(english), `placeholders of "${english}" in ${language}`);
      }
    });

    it(`translates every manifest string into ${language}`, () => {
      const english = readJson('package.nls.json');
      const translated = readJson(`package.nls.${language}.json`);
      assert.deepEqual(Object.keys(translated).sort(), Object.keys(english).sort());
    });
  }

  it('uses exactly the manifest strings package.nls.json defines', () => {
    const manifest = readFileSync(path.join(root, 'package.json'), 'utf8');
    const used = new Set([...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!));
    assert.deepEqual([...used].sort(), Object.keys(readJson('package.nls.json')).sort());
  });
});
