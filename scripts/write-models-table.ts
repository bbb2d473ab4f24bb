/** Rewrites the models table in README.md from the catalogue; a unit test fails when they differ. */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { MODELS_TABLE_END, MODELS_TABLE_START, modelsTable } from '../src/core/modelTable';
import { README_TABLE_DAY } from '../src/core/modelCatalogue';

const file = path.join(__dirname, '..', 'README.md');
const text = readFileSync(file, 'utf8');
const start = text.indexOf(MODELS_TABLE_START);
const end = text.indexOf(MODELS_TABLE_END);
if (start < 0 || end < 0) throw new Error('README.md has no models table markers');
writeFileSync(file, text.slice(0, start) + modelsTable(README_TABLE_DAY) + text.slice(end + MODELS_TABLE_END.length));
console.log(`wrote the models table of ${path.relative(process.cwd(), file)} as of ${README_TABLE_DAY}`);
