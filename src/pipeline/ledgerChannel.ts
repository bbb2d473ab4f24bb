/**
 * The window's spending ledger, offered to the MCP server VS Code starts, so agents that have both the language
 * model tools and the MCP server draw on one limit, not two; with Entra ID it also hands out a fresh token for
 * each call (the one in the server's environment expires within about an hour). A Unix socket (a named pipe on Windows) with a name
 * no one can guess, readable by the user only, and a token every request carries; JSON lines, parsed as
 * untrusted input. A connection that ends with a reservation open (a server that crashed mid-call) counts its
 * reservation as spent: whether it was paid for is unknown.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import type { Ledger, Reservation, ReserveResult, SpendingLimit } from '../core/spendingLimit';

export interface LedgerAddress {
  readonly path: string;
  readonly token: string;
}

/** The environment variables that hand a ledger to the MCP server. */
export const LEDGER_ENV = { path: 'OPENAI_IMAGES_LEDGER', token: 'OPENAI_IMAGES_LEDGER_TOKEN' } as const;

const MAX_LINE = 4096;
const amount = z.number().finite().min(0).max(1_000_000);
const requestSchema = z.discriminatedUnion('op', [
  z.object({ token: z.string(), id: z.number().int().min(0), op: z.literal('reserve'), usd: amount }),
  z.object({ token: z.string(), id: z.number().int().min(0), op: z.literal('settle'), actualUsd: amount }),
  z.object({ token: z.string(), id: z.number().int().min(0), op: z.literal('credential') }),
]);
const credentialReply = z.object({
  id: z.number(),
  credential: z
    .string()
    .min(1)
    .max(MAX_LINE / 2)
    .nullable(),
});
const replySchema = z.union([
  z.object({ id: z.number(), ok: z.literal(true) }),
  z.object({ id: z.number(), ok: z.literal(false), spentUsd: z.number(), limitUsd: z.number() }),
  credentialReply,
]);
type Reply = z.infer<typeof replySchema>;

/** A fresh Entra ID token from the window's sign-in, or undefined (not on Entra ID, or signed out). */
export type CredentialSource = () => Promise<string | undefined>;

/** Splits a stream into lines of at most MAX_LINE; a longer line ends the connection. */
function onLines(socket: net.Socket, handle: (line: string) => void): void {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      handle(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
    }
    if (buffered.length > MAX_LINE) socket.destroy();
  });
}

function channelPath(): string {
  const name = `openai-images-ledger-${randomBytes(12).toString('hex')}`;
  return process.platform === 'win32' ? `\\\\.\\pipe\\${name}` : path.join(os.tmpdir(), `${name}.sock`);
}

function serveConnection(ledger: SpendingLimit, token: string, socket: net.Socket, credential: CredentialSource | undefined): void {
  const open = new Map<number, Reservation>();
  socket.on('error', () => socket.destroy());
  socket.on('close', () => {
    for (const reservation of open.values()) reservation.settle(reservation.usd);
    open.clear();
  });
  onLines(socket, (line) => {
    let parsed: z.infer<typeof requestSchema>;
    try {
      parsed = requestSchema.parse(JSON.parse(line));
    } catch {
      socket.destroy();
      return;
    }
    if (parsed.token !== token) {
      socket.destroy();
      return;
    }
    if (parsed.op === 'settle') {
      open.get(parsed.id)?.settle(parsed.actualUsd);
      open.delete(parsed.id);
      return;
    }
    if (parsed.op === 'credential') {
      const answer = (value: string | undefined) => {
        if (!socket.destroyed) socket.write(`${JSON.stringify({ id: parsed.id, credential: value ?? null })}\n`);
      };
      (credential ?? (() => Promise.resolve(undefined)))().then(answer, () => answer(undefined));
      return;
    }
    const reserved = ledger.reserve(parsed.usd);
    if (reserved.ok) open.set(parsed.id, reserved.reservation);
    const reply = reserved.ok ? { id: parsed.id, ok: true } : { id: parsed.id, ok: false, spentUsd: reserved.spentUsd, limitUsd: reserved.limitUsd };
    socket.write(`${JSON.stringify(reply)}\n`);
  });
}

/** Serves `ledger` (and `credential`, when given) until closed. */
export async function serveLedger(ledger: SpendingLimit, credential?: CredentialSource): Promise<{ readonly address: LedgerAddress; close(): Promise<void> }> {
  const address = { path: channelPath(), token: randomBytes(32).toString('hex') };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveConnection(ledger, address.token, socket, credential);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.path, () => resolve());
  });
  if (process.platform !== 'win32') await fs.chmod(address.path, 0o600);
  return {
    address,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The window's ledger as the MCP server uses it. A reserve fails (throws) when the window is gone. */
export async function connectLedger(address: LedgerAddress): Promise<Ledger & { credential: CredentialSource; close(): void }> {
  const socket = net.connect(address.path);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  const waiting = new Map<number, (reply: Reply) => void>();
  let nextId = 0;
  let closed = false;
  const fail = () => {
    closed = true;
    for (const resolve of waiting.values()) resolve({ id: -1, ok: false, spentUsd: Number.NaN, limitUsd: Number.NaN });
    waiting.clear();
  };
  socket.on('error', fail);
  socket.on('close', fail);
  onLines(socket, (line) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return;
    }
    const parsed = replySchema.safeParse(value);
    if (!parsed.success) return;
    waiting.get(parsed.data.id)?.(parsed.data);
    waiting.delete(parsed.data.id);
  });
  const send = (message: object) => socket.write(`${JSON.stringify({ token: address.token, ...message })}\n`);
  const ask = (message: object) =>
    new Promise<Reply>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      send({ id, ...message });
    });
  return {
    close: () => socket.destroy(),
    credential: async () => {
      if (closed) return undefined;
      const reply = await ask({ op: 'credential' });
      return 'credential' in reply ? (reply.credential ?? undefined) : undefined;
    },
    reserve: async (usd: number): Promise<ReserveResult> => {
      if (closed) throw new Error('the spending ledger of the VS Code window that started this server is gone');
      const id = nextId++;
      const reply = await new Promise<Reply>((resolve) => {
        waiting.set(id, resolve);
        send({ id, op: 'reserve', usd });
      });
      if (reply.id === -1 || !('ok' in reply)) throw new Error('the spending ledger of the VS Code window that started this server is gone');
      if (!reply.ok) return { ok: false, spentUsd: reply.spentUsd, limitUsd: reply.limitUsd };
      let settled = false;
      const reservation: Reservation = {
        usd,
        settle: (actualUsd) => {
          if (settled || closed) return;
          settled = true;
          send({ id, op: 'settle', actualUsd: Number.isFinite(actualUsd) && actualUsd > 0 ? actualUsd : 0 });
        },
      };
      return { ok: true, reservation };
    },
  };
}
