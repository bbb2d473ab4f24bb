/**
 * A loopback forward proxy that inspects TLS as corporate proxies do: it answers CONNECT, ends the client's TLS
 * with a certificate for the requested host signed by its own test certificate authority, and passes the
 * decrypted HTTP on to the fake API. It can ask for credentials (407). It records every CONNECT.
 */
import { webcrypto } from 'node:crypto';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as tls from 'node:tls';
import * as x509 from '@peculiar/x509';

export interface MitmProxy {
  readonly url: string;
  /** The certificate authority's certificate (PEM), for NODE_EXTRA_CA_CERTS. */
  readonly caPem: string;
  /** Each CONNECT target (`host:port`), and whether it carried acceptable credentials. */
  readonly connects: Array<{ readonly target: string; readonly authorized: boolean }>;
  /** `user:password` it asks for from now on; undefined: none. */
  credentials: string | undefined;
  /** From now on, re-sign with an authority nobody was told about (as an unknown company proxy would). */
  presentStranger: boolean;
  close(): Promise<void>;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

function pem(label: string, der: ArrayBuffer): string {
  const body = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

async function identity(host: string) {
  const notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  const notAfter = new Date(Date.now() + 30 * 24 * 3600 * 1000);
  const caKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=Contoso Inspection CA, O=OpenAI Images tests',
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const leafKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: `CN=${host}`,
    issuer: ca.subject,
    notBefore,
    notAfter,
    signingKey: caKeys.privateKey,
    publicKey: leafKeys.publicKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.1'], false),
      new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: host }]),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const key = pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey));
  return { caPem: ca.toString('pem'), cert: leaf.toString('pem'), key };
}

/** `credentials`: `user:password` the proxy asks for; undefined: it asks for none. */
export async function startMitmProxy(options: { host: string; upstreamPort: number; credentials?: string }): Promise<MitmProxy> {
  const { caPem, cert, key } = await identity(options.host);
  const stranger = await identity(options.host);
  const connects: Array<{ target: string; authorized: boolean }> = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket) => {
    const expected = proxy.credentials ? `Basic ${Buffer.from(proxy.credentials).toString('base64')}` : undefined;
    const authorized = !expected || req.headers['proxy-authorization'] === expected;
    connects.push({ target: req.url ?? '', authorized });
    if (!authorized) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    const inner = new tls.TLSSocket(socket, { isServer: true, ...(proxy.presentStranger ? { cert: stranger.cert, key: stranger.key } : { cert, key }) });
    const upstream = net.connect(options.upstreamPort, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    inner.pipe(upstream).pipe(inner);
    const stop = () => {
      inner.destroy();
      upstream.destroy();
    };
    inner.on('error', stop);
    upstream.on('error', stop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const proxy: MitmProxy = {
    url: `http://127.0.0.1:${port}`,
    caPem,
    connects,
    credentials: options.credentials,
    presentStranger: false,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return proxy;
}
