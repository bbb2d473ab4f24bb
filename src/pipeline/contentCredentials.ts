/**
 * Reads and validates a file's Content Credentials with c2pa-rs, the C2PA's reference implementation, compiled to
 * WebAssembly (`@contentauth/c2pa-wasm`): no JUMBF, COSE or X.509 parsing of our own. The module (about 9 MB) is
 * compiled on the first read, never at activation. Trust comes from the C2PA trust list shipped with the extension
 * (media/c2pa); nothing is fetched: remote manifests and OCSP lookups are off, so an untrusted file cannot make the
 * editor reach out to an address it names.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { NO_CREDENTIALS, reportFromStore, unreadableCredentials, type CredentialsReport } from '../core/credentials/credentialsReport';
import { detectFormat, MIME_TYPES } from '../core/imageBytes';
// Types only: the module itself is loaded on the first read (see load()).
import type * as c2paWasm from '@contentauth/c2pa-wasm';
import { inspectContainer } from '../core/imageContainer';

export interface C2paResources {
  /** `c2pa_bg.wasm` of `@contentauth/c2pa-wasm`. */
  readonly wasmFile: string;
  /** PEM certificates of the trusted issuers. */
  readonly trustAnchorsFile: string;
  /** The extended key usages a signer may carry, one OID a line (c2pa-rs `trust_config`). */
  readonly allowedEkusFile: string;
  /** More trusted roots (PEM), for tests that sign with their own identity. */
  readonly extraTrustAnchors?: string;
}

/** Where the packaged extension (or npm package) keeps them: `dist/c2pa/`, copied there by esbuild.mjs. */
export function c2paResources(installRoot: string): C2paResources {
  const folder = path.join(installRoot, 'dist', 'c2pa');
  return {
    wasmFile: path.join(folder, 'c2pa_bg.wasm'),
    trustAnchorsFile: path.join(folder, 'C2PA-TRUST-LIST.pem'),
    allowedEkusFile: path.join(folder, 'allowed-ekus.cfg'),
  };
}

type WasmModule = typeof c2paWasm;

/** c2pa-rs's error when a file has no manifest store at all. */
function isNoManifest(error: unknown): boolean {
  return /JumbfNotFound|ManifestNotFound|no JUMBF|not found/i.test(String(error));
}

export class ContentCredentialsReader {
  private loading?: Promise<{ readonly wasm: WasmModule; readonly context: string }>;

  constructor(private readonly resources: C2paResources) {}

  private load(): Promise<{ readonly wasm: WasmModule; readonly context: string }> {
    this.loading ??= (async () => {
      const [wasm, module, anchors, ekus] = await Promise.all([
        import('@contentauth/c2pa-wasm'),
        fs.readFile(this.resources.wasmFile),
        fs.readFile(this.resources.trustAnchorsFile, 'utf8'),
        fs.readFile(this.resources.allowedEkusFile, 'utf8'),
      ]);
      wasm.initSync({ module });
      const trustAnchors = this.resources.extraTrustAnchors ? `${anchors}\n${this.resources.extraTrustAnchors}` : anchors;
      const context = JSON.stringify({
        trust: { trust_anchors: trustAnchors, trust_config: ekus },
        verify: { verify_trust: true, remote_manifest_fetch: false, ocsp_fetch: false },
      });
      return { wasm, context };
    })();
    // A failed load is tried again next time rather than remembered.
    this.loading.catch(() => (this.loading = undefined));
    return this.loading;
  }

  /** What the file's Content Credentials say. A file with no manifest is answered without loading c2pa-rs. */
  async read(bytes: Uint8Array): Promise<CredentialsReport> {
    const format = detectFormat(bytes);
    if (!format) return NO_CREDENTIALS;
    const report = inspectContainer(bytes, format);
    const container = { manifest: report.problem === undefined && report.manifest };
    if (report.problem === undefined && !report.manifest) return NO_CREDENTIALS;
    const { wasm, context } = await this.load();
    let reader: c2paWasm.WasmReader | undefined;
    try {
      reader = await wasm.WasmReader.fromBytes(MIME_TYPES[format], bytes, context);
      return reportFromStore(reader.manifestStore());
    } catch (error) {
      // The container holds a store c2pa-rs cannot read: that is damage, not the absence of credentials.
      return !container.manifest && isNoManifest(error) ? NO_CREDENTIALS : unreadableCredentials(String(error).slice(0, 300));
    } finally {
      reader?.free();
    }
  }
}
