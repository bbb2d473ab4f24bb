/** Writes package.json's contributes.languageModelTools from src/core/agentToolContributions; a unit test fails when they differ. */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { languageModelToolContributions } from '../src/core/agentToolContributions';

const file = path.join(__dirname, '..', 'package.json');
const manifest = JSON.parse(readFileSync(file, 'utf8')) as { contributes: Record<string, unknown> };
manifest.contributes.languageModelTools = languageModelToolContributions();
writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
console.log('wrote contributes.languageModelTools in package.json');
