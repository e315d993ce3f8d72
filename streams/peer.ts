import { randomBytes } from 'node:crypto';
import type { LinkSocket } from './link-socket.js';

/** [RESUME] 16 random bytes: what a client shows to take its own session over after a drop. */
export function newToken(): string {
  return randomBytes(16).toString('base64url');
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
