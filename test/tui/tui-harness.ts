import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { ircFlag, noWeb, storageFlag } from '../helpers/processes.js';

const MAIN = 'dist/cli/main.js';
let counter = 0;

/** Polls `probe` every 100 ms until it returns something truthy, or throws after `timeoutMs`. */
export async function waitUntil<T>(what: string, probe: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** A real `rxchat serve` on 127.0.0.1 (port 0 picks one); `stop()` sends SIGTERM and waits. */
export class ServerProcess {
  private constructor(readonly child: ChildProcess, readonly port: number) {}

  static async start(port = 0, ...flags: string[]): Promise<ServerProcess> {
    const child = spawn(process.execPath, [MAIN, 'serve', '--port', String(port), ...storageFlag(flags), ...ircFlag(flags), ...noWeb(flags), ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = createInterface({ input: child.stdout! });
    const found = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server did not say "listening" within 8 s')), 8_000);
      lines.on('line', (line) => {
        if (!line.includes('"listening"')) return;
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      });
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    return new ServerProcess(child, found);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await Promise.race([exited, sleep(5_000).then(() => this.child.kill('SIGKILL'))]);
  }
}

/** A plain-mode client (`join --plain`): write lines, read what it printed. */
export class PlainClient {
  readonly out: string[] = [];
  private readonly child: ChildProcess;

  constructor(port: number, nick: string) {
    this.child = spawn(process.execPath, [MAIN, 'join', '--plain', '--nick', nick, '--port', String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.out.push(line));
    createInterface({ input: this.child.stderr! }).on('line', (line) => this.out.push(line));
  }

  say(line: string): void {
    this.child.stdin!.write(line + '\n');
  }

  waitFor(text: string, timeoutMs?: number): Promise<string> {
    return waitUntil(`plain client line "${text}" (got: ${this.out.slice(-5).join(' | ')})`, () => this.out.find((l) => l.includes(text)), timeoutMs);
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin!.end();
    await Promise.race([exited, sleep(3_000).then(() => this.child.kill('SIGKILL'))]);
  }
}

/** A tmux server of our own (`-L` name) running one program in a real terminal. */
export class TmuxTerminal {
  readonly name = `rxchat-tui-${process.pid}-${++counter}`;

  constructor(command: string, cols = 80, rows = 24) {
    this.tmux('-f', '/dev/null', 'new-session', '-d', '-x', String(cols), '-y', String(rows), command);
  }

  /** Runs `rxchat join` with `args` in a UTF-8 terminal; when it ends, the shell prints its status. */
  static join(args: string, cols = 80, rows = 24): TmuxTerminal {
    return new TmuxTerminal(`LANG=C.UTF-8 ${process.execPath} ${MAIN} join ${args}; echo "rxchat exited with status $?"; sleep 120`, cols, rows);
  }

  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.name, ...args], { encoding: 'utf8', timeout: 5_000 });
  }

  capture(): string {
    return this.tmux('capture-pane', '-p');
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', ...keys);
  }

  /** Types text literally (no key names), then optionally Enter. */
  type(text: string, enter = true): void {
    this.tmux('send-keys', '-l', text);
    if (enter) this.keys('Enter');
  }

  waitFor(pattern: string | RegExp, timeoutMs?: number): Promise<string> {
    const test = (screen: string) => (typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen));
    let last = '';
    return waitUntil(`"${String(pattern)}" on screen`, () => {
      last = this.capture();
      return test(last) ? last : undefined;
    }, timeoutMs).catch((error: Error) => {
      throw new Error(`${error.message}; the screen was:\n${last}`);
    });
  }

  /** The terminal modes the program left: cursor shown, alternate screen, mouse reporting. */
  modes(): { cursor: boolean; alternate: boolean; mouse: boolean } {
    const [cursor, alternate, mouse] = this.tmux('display-message', '-p', '#{cursor_flag} #{alternate_on} #{mouse_any_flag}').trim().split(' ');
    return { cursor: cursor === '1', alternate: alternate === '1', mouse: mouse === '1' };
  }

  /** Whether the program rang the terminal bell (tmux's window bell flag). */
  bellRang(): boolean {
    return this.tmux('display-message', '-p', '#{window_bell_flag}').trim() === '1';
  }

  resize(cols: number, rows: number): void {
    this.tmux('resize-window', '-x', String(cols), '-y', String(rows));
  }


  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
  }
}
