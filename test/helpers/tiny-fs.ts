import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A small tmpfs mounted on a fresh temporary directory, for disk-full and read-only file system tests with the
 * real kernel errors. Only root (with CAP_SYS_ADMIN) can mount: `canMount()` says whether this machine lets us.
 */
export interface TinyFs { readonly dir: string; readOnly(): void; unmount(): void }

export function mountTinyFs(sizeKiB: number): TinyFs {
  const dir = mkdtempSync(join(tmpdir(), 'rxchat-tinyfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k,mode=0755`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch (error) {
    rmdirSync(dir);
    throw error;
  }
  let mounted = true;
  return {
    dir,
    readOnly: () => execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'ignore' }),
    unmount() {
      if (!mounted) return;
      mounted = false;
      execFileSync('umount', [dir], { stdio: 'ignore' });
      rmdirSync(dir);
    },
  };
}

let allowed: boolean | undefined;

/** True when a tmpfs can be mounted here (root with the capability); tried once. */
export function canMount(): boolean {
  if (allowed === undefined) {
    try {
      mountTinyFs(64).unmount();
      allowed = true;
    } catch {
      allowed = false;
    }
  }
  return allowed;
}
