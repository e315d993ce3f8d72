import { randomBytes } from 'node:crypto';
import type { LinkSocket } from './link-socket.js';

const TOKEN_BYTES = 16;
/** Tokens drawn from the system's generator at once: one call per 256 connections, not one each. */
const POOL_TOKENS = 256;
let pool = Buffer.alloc(0);
let offset = 0;

/**
 * [RESUME] 16 random bytes: what a client shows to take its own session over after a drop. Drawn
 * from a pool that is refilled from the CSPRNG 256 tokens at a time (as Node does for
 * `randomUUID`); a token's bytes are wiped from the pool once handed out.
 */
export function newToken(): string {
  if (offset >= pool.length) {
    pool = randomBytes(TOKEN_BYTES * POOL_TOKENS);
    offset = 0;
  }
  const token = pool.toString('base64url', offset, offset + TOKEN_BYTES);
  pool.fill(0, offset, offset + TOKEN_BYTES);
  offset += TOKEN_BYTES;
  return token;
}

/** `host:port` of a peer, IPv6 hosts in brackets. */
export function describeAddress(socket: Pick<LinkSocket, 'remoteAddress' | 'remotePort'>): string {
  const host = socket.remoteAddress ?? 'unknown';
  return host.includes(':') ? `[${host}]:${socket.remotePort}` : `${host}:${socket.remotePort}`;
}

/** A socket error in a word: its code when it has one. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.message;
  return String(error);
}
