import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { describeServeFailure, EXIT_CANNOT_LISTEN, EXIT_INTERNAL_ERROR } from '../../cli/serve-failure.js';
import { withTimeout } from '../helpers/processes.js';

const servers: Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

/** The error node really gives when a second server listens on a taken port of 127.0.0.1. */
async function addressInUse(): Promise<{ error: unknown; port: number }> {
  const first = createServer();
  servers.push(first);
  await withTimeout(new Promise<void>((resolve) => first.listen(0, '127.0.0.1', resolve)), 5_000, 'a first listen');
  const port = (first.address() as { port: number }).port;
  const second = createServer();
  servers.push(second);
  const error = await withTimeout(new Promise((resolve) => {
    second.once('error', resolve);
    second.listen(port, '127.0.0.1');
  }), 5_000, 'the second listen to fail');
  return { error, port };
}

const errno = (code: string, syscall: string, message: string) => Object.assign(new Error(message), { code, syscall });

describe('describeServeFailure: what really failed when the server stream errors', () => {
  test('a port already taken: cannot listen, with the address and the reason, exit 1', async () => {
    const { error, port } = await addressInUse();
    const failure = describeServeFailure(error, '127.0.0.1', port);
    expect(failure.exitCode).toBe(EXIT_CANNOT_LISTEN);
    expect(failure.msg).toBe(`cannot listen on 127.0.0.1:${port}: EADDRINUSE (another program already listens on that port)`);
    expect(failure.fields).toEqual({ code: 'EADDRINUSE', syscall: 'listen' });
  });

  test('another listener\'s port taken (IRC, the web page): the message names that port, not the main one', async () => {
    const { error, port } = await addressInUse();
    const failure = describeServeFailure(error, '127.0.0.1', 12345);
    expect(failure.msg).toBe(`cannot listen on 127.0.0.1:${port}: EADDRINUSE (another program already listens on that port)`);
  });

  test.each([
    ['EACCES', 'listen', 'permission denied (ports below 1024 need privileges)'],
    ['EADDRNOTAVAIL', 'listen', 'that address is not one of this machine\'s'],
    ['ENOTFOUND', 'getaddrinfo', 'no such host'],
    ['EINVAL', 'listen', 'listen EINVAL: invalid argument'],
  ])('%s of %s is a listen failure too, in plain words', (code, syscall, words) => {
    const failure = describeServeFailure(errno(code, syscall, `${syscall} ${code}: invalid argument`), 'chat.example', 80);
    expect(failure).toEqual({ exitCode: EXIT_CANNOT_LISTEN, msg: `cannot listen on chat.example:80: ${code} (${words})`, fields: { code, syscall } });
  });

  test('a bug hours into a run (a reducer throwing) is an internal error with its stack, exit 70, not "cannot listen"', () => {
    const bug = new TypeError('Cannot read properties of undefined (reading \'members\')');
    const failure = describeServeFailure(bug, '127.0.0.1', 4000);
    expect(failure.exitCode).toBe(EXIT_INTERNAL_ERROR);
    expect(failure.exitCode).not.toBe(EXIT_CANNOT_LISTEN);
    expect(failure.msg).toBe('internal error: the server stopped');
    expect(failure.msg).not.toContain('listen');
    expect(failure.fields['error']).toBe(bug.stack);
    expect(String(failure.fields['error'])).toMatch(/^TypeError: Cannot read properties[^\n]*\n\s+at /);
  });

  test('a system error that is not about listening (accept EMFILE) is internal too, and keeps its code', () => {
    const failure = describeServeFailure(errno('EMFILE', 'accept', 'accept EMFILE'), '127.0.0.1', 4000);
    expect(failure.exitCode).toBe(EXIT_INTERNAL_ERROR);
    expect(failure.fields).toMatchObject({ code: 'EMFILE', syscall: 'accept' });
    expect(String(failure.fields['error'])).toContain('Error: accept EMFILE');
  });

  test('something thrown that is not an Error is still worded, as an internal error', () => {
    expect(describeServeFailure('boom', 'h', 1)).toEqual({ exitCode: EXIT_INTERNAL_ERROR, msg: 'internal error: the server stopped', fields: { error: 'boom' } });
    expect(describeServeFailure(undefined, 'h', 1).exitCode).toBe(EXIT_INTERNAL_ERROR);
  });
});
