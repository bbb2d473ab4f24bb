/** Writes schemas/images-manifest.schema.json from the zod schema; a unit test fails when they differ. */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { manifestJsonSchema } from '../src/core/assets/manifestSchema';

const file = path.join(__dirname, '..', 'schemas', 'images-manifest.schema.json');
writeFileSync(file, `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), file)}`);
