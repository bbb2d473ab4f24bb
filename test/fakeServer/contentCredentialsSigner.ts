/**
 * Signs the fake API's PNG and JPEG answers with Content Credentials as OpenAI does (a C2PA manifest with a data
 * hash, a `c2pa.created` action by `gpt-image` and the IPTC `trainedAlgorithmicMedia` source type), with
 * `@trustnxt/c2pa-ts` writing the manifest and `@peculiar/x509` making a throwaway signing identity at start-up
 * (a root and a leaf; nothing is kept on disk). The extension validates with c2pa-rs, a different implementation,
 * so a green test means the bytes really carry a valid manifest.
 *
 * WebP answers stay unsigned: no maintained JavaScript library writes C2PA into WebP (c2pa-ts reads and writes
 * PNG, JPEG, HEIF and MP3; c2pa-rs in WebAssembly signs only through a caller-built COSE structure).
 */
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

export interface TestSigner {
  /** The root certificate (PEM), to trust in a validator that should call these files intact. */
  readonly rootPem: string;
  /** The signer's common name. */
  readonly signerName: string;
  sign(bytes: Buffer, format: 'png' | 'jpeg', model: string): Promise<Buffer>;
}

// RSASSA-PSS (PS256), as OpenAI's own signer uses: c2pa-ts writes ECDSA signatures in DER, which COSE and c2pa-rs refuse.
const ALGORITHM = { name: 'RSA-PSS', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048, saltLength: 32 };

export async function createTestSigner(): Promise<TestSigner> {
  // c2pa-ts is published as ES modules only ("import" exports), so it is loaded the way ES modules load from here.
  const [{ JPEG, PNG }, { CoseAlgorithmIdentifier, LocalSigner }, { ActionAssertion, ActionType, DataHashAssertion, DigitalSourceType, ManifestStore }] =
    await Promise.all([import('@trustnxt/c2pa-ts/asset'), import('@trustnxt/c2pa-ts/cose'), import('@trustnxt/c2pa-ts/manifest')]);
  const notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  const notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  const rootKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=Fake Images Test Root, O=OpenAI Images tests',
    notBefore,
    notAfter,
    keys: rootKeys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 1, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });
  const leafKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const signerName = 'Fake Media Service';
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: `CN=${signerName}, O=Fake Images API`,
    issuer: root.subject,
    notBefore,
    notAfter,
    signingKey: rootKeys.privateKey,
    publicKey: leafKeys.publicKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.4'], false),
      await x509.AuthorityKeyIdentifierExtension.create(rootKeys.publicKey),
      await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey),
    ],
  });
  const privateKey = new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey));
  const signer = new LocalSigner(privateKey, CoseAlgorithmIdentifier.PS256, leaf);

  return {
    rootPem: root.toString('pem'),
    signerName,
    async sign(bytes, format, model) {
      const asset = format === 'png' ? new PNG(new Uint8Array(bytes)) : new JPEG(new Uint8Array(bytes));
      const store = new ManifestStore();
      const manifest = store.createManifest({
        assetFormat: format === 'png' ? 'image/png' : 'image/jpeg',
        instanceID: `xmp:iid:${webcrypto.randomUUID()}`,
        defaultHashAlgorithm: 'SHA-256',
        signer,
      });
      const actions = new ActionAssertion();
      actions.actions = [
        {
          action: ActionType.C2paCreated,
          softwareAgent: { name: 'gpt-image', version: model },
          digitalSourceType: DigitalSourceType.TrainedAlgorithmicMedia,
        },
      ];
      manifest.addAssertion(actions);
      const hash = DataHashAssertion.create('SHA-256');
      manifest.addAssertion(hash);
      await asset.ensureManifestSpace(store.measureSize());
      await hash.updateWithAsset(asset);
      await manifest.sign(signer);
      await asset.writeManifestJUMBF(store.getBytes());
      return Buffer.from(await asset.getDataRange());
    },
  };
}
