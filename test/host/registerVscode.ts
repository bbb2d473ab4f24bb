/**
 * Makes `require('vscode')` (and `import ... from 'vscode'`) give the stand-in in this mocha process. Loaded by
 * .mocharc.json before any test. A property the stand-in lacks throws when read, naming it, so a test of code
 * that needs more of the API fails loudly instead of passing on an undefined.
 */
import Module from 'node:module';
import * as standIn from './vscodeStandIn';

const VIRTUAL_PATH = '/virtual/vscode-stand-in.js';
const PASS_THROUGH = new Set<string | symbol>(['__esModule', 'default', 'then', 'toJSON', Symbol.toStringTag, 'inspect', 'constructor', 'prototype']);

const strict = new Proxy(standIn as Record<string | symbol, unknown>, {
  get(target, property) {
    if (property in target) return target[property];
    if (PASS_THROUGH.has(property) || typeof property === 'symbol') return undefined;
    throw new Error(`The vscode stand-in has no "${String(property)}": add it to test/host/vscodeStandIn.ts.`);
  },
});

const loader = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
const resolve = loader._resolveFilename.bind(Module);
loader._resolveFilename = (request: string, ...rest: unknown[]) => (request === 'vscode' ? VIRTUAL_PATH : resolve(request, ...rest));
const cached = new Module(VIRTUAL_PATH);
cached.filename = VIRTUAL_PATH;
cached.loaded = true;
cached.exports = strict;
require.cache[VIRTUAL_PATH] = cached;
