// Must be the first import of the bundle: zod decides whether to compile validators with `new Function`
// the first time a schema is built, and probing for that touches `navigator`, which VS Code's extension
// host reports as an error. Validators that never eval are also the safer choice inside an editor.
import { config } from 'zod';

config({ jitless: true });
