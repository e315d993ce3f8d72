// [WEB-BUILD] Builds the page into dist/web/: the static files as they are, and web/main.ts
// bundled by esbuild (with the pure client code of src/client/ it imports) into one app.js.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'dist', 'web');
mkdirSync(out, { recursive: true });
for (const file of ['index.html', 'app.css', 'favicon.svg']) copyFileSync(join(here, file), join(out, file));
if (existsSync(join(here, 'main.ts'))) {
  await build({
    entryPoints: [join(here, 'main.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    outfile: join(out, 'app.js'),
    legalComments: 'none',
    logLevel: 'warning',
  });
}
