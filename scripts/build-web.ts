/** `npm run build:web`: builds the web app into web/dist (what `cdk deploy` uploads is built the same way). */
import { buildWebApp, DEFAULT_WEB_OUT_DIR } from '../web/build.js';

const result = await buildWebApp({ outDir: DEFAULT_WEB_OUT_DIR });
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  process.stdout.write(`${file.padEnd(60)} ${String(output.bytes).padStart(8)} bytes\n`);
}
