import { PASSWORD_ENV, readFlagFile } from './serve-command.js';

/** What `join` needs for [TLS] and [PASSWORD], read from its flags, files and environment. */
export interface JoinSecurity {
  readonly tls?: { readonly ca?: string };
  readonly password?: string;
}

export function joinSecurity(argv: { tls: boolean; ca?: string | undefined; passwordFile?: string | undefined }): JoinSecurity {
  const ca = argv.ca === undefined ? {} : { ca: readFlagFile('ca', argv.ca) };
  const text = argv.passwordFile === undefined ? process.env[PASSWORD_ENV] : readFlagFile('password-file', argv.passwordFile);
  const password = text?.trim();
  return { ...(argv.tls ? { tls: ca } : {}), ...(password ? { password } : {}) };
}
