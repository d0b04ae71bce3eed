/**
 * Builds the web app with esbuild: one ES module entry (the shell: sign-in, language, router)
 * and one lazily loaded chunk per role's screens, so a council member's phone never downloads
 * the directorate's charts. Output: index.html + assets/* (content-hashed, cacheable forever).
 * `config.json` is not part of the build: each runtime writes its own (local server, CDK).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, buildSync, type Metafile } from 'esbuild';

export const WEB_ROOT = dirname(fileURLToPath(import.meta.url));
export const WEB_ENTRY = join(WEB_ROOT, 'src', 'main.tsx');
export const WEB_STYLES = join(WEB_ROOT, 'src', 'styles.css');
/** Where `npm start` and the browser tests serve the app from. */
export const DEFAULT_WEB_OUT_DIR = join(WEB_ROOT, 'dist');

export interface WebBuildOptions {
  readonly outDir: string;
  /** Minified by default; off only to debug in a browser. */
  readonly minify?: boolean;
}

export interface WebBuildResult {
  readonly outDir: string;
  readonly metafile: Metafile;
  /** Path of the entry script and stylesheet, relative to outDir. */
  readonly entryScript: string;
  readonly stylesheet: string;
}

const esbuildOptions = ({ outDir, minify = true }: WebBuildOptions): BuildOptions => ({
  entryPoints: { main: WEB_ENTRY, styles: WEB_STYLES },
  outdir: join(outDir, 'assets'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome109', 'safari16', 'firefox115'],
  minify,
  sourcemap: false,
  metafile: true,
  legalComments: 'none',
  entryNames: '[name]-[hash]',
  chunkNames: 'chunks/[name]-[hash]',
  assetNames: '[name]-[hash]',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  tsconfig: join(WEB_ROOT, 'tsconfig.json'),
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'silent',
});

function outputOf(metafile: Metafile, outDir: string, entry: string): string {
  const found = Object.entries(metafile.outputs).find(
    ([, output]) => output.entryPoint !== undefined && join(process.cwd(), output.entryPoint) === entry,
  );
  if (found === undefined) throw new Error(`web build: no output for ${entry}`);
  return relative(outDir, join(process.cwd(), found[0])).split('\\').join('/');
}

function finish(options: WebBuildOptions, metafile: Metafile): WebBuildResult {
  const entryScript = outputOf(metafile, options.outDir, WEB_ENTRY);
  const stylesheet = outputOf(metafile, options.outDir, WEB_STYLES);
  writeFileSync(join(options.outDir, 'index.html'), indexHtml(entryScript, stylesheet));
  return { outDir: options.outDir, metafile, entryScript, stylesheet };
}

function prepare(outDir: string) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
}

export async function buildWebApp(options: WebBuildOptions): Promise<WebBuildResult> {
  prepare(options.outDir);
  const { metafile } = await build(esbuildOptions(options));
  if (metafile === undefined) throw new Error('web build: esbuild returned no metafile');
  return finish(options, metafile);
}

/** The same build, synchronously (the CDK app builds the assets while it synthesizes). */
export function buildWebAppSync(options: WebBuildOptions): WebBuildResult {
  prepare(options.outDir);
  const { metafile } = buildSync(esbuildOptions(options));
  if (metafile === undefined) throw new Error('web build: esbuild returned no metafile');
  return finish(options, metafile);
}

/** The page shell. No inline script or style, so the CSP can forbid both. */
export function indexHtml(entryScript: string, stylesheet: string): string {
  return `<!doctype html>
<html lang="tr" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>Jisr</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/${stylesheet}">
<link rel="modulepreload" href="/${entryScript}">
<script type="module" src="/${entryScript}"></script>
</head>
<body>
<div id="app"><noscript>Jisr needs JavaScript. · Jisr JavaScript gerektirir. · يحتاج جسر إلى JavaScript.</noscript></div>
</body>
</html>
`;
}
