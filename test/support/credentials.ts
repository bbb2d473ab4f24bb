/** c2pa-rs (the extension's own reader) over the files a test wrote, with the fake server's test root trusted when given. */
import * as path from 'node:path';
import { ContentCredentialsReader } from '../../src/pipeline/contentCredentials';

const repository = path.join(__dirname, '..', '..');

export function credentialsReader(trustedRootPem?: string): ContentCredentialsReader {
  return new ContentCredentialsReader({
    wasmFile: path.join(repository, 'node_modules', '@contentauth', 'c2pa-wasm', 'pkg', 'c2pa_bg.wasm'),
    trustAnchorsFile: path.join(repository, 'media', 'c2pa', 'C2PA-TRUST-LIST.pem'),
    allowedEkusFile: path.join(repository, 'media', 'c2pa', 'allowed-ekus.cfg'),
    extraTrustAnchors: trustedRootPem,
  });
}
