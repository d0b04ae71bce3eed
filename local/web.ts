/**
 * The web app, served by the local runtime from the same origin as the API (no CORS
 * locally): built with the same esbuild build the CDK app deploys, held in memory with its
 * gzip and brotli encodings, sent with the same security headers CloudFront adds, plus the
 * local `/config.json` (local issuer, demo users).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { buildWebApp } from '../web/build.js';
import { webSecurityHeaders } from '../web/security-headers.js';
import type { WebRuntimeConfig } from '../web/src/runtime-config.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

interface StaticFile {
  readonly contentType: string;
  readonly cacheControl: string;
  readonly identity: Buffer;
  readonly gzip: Buffer;
  readonly brotli: Buffer;
}

export interface LocalWebApp {
  /** Answers GET/HEAD for the app's files; false when the path is not one of them. */
  serve(request: IncomingMessage, response: ServerResponse, pathname: string): boolean;
  /** Bytes of each file as sent with each encoding (the benchmark reads them). */
  readonly files: ReadonlyMap<string, StaticFile>;
  dispose(): void;
}

function staticFile(path: string, body: Buffer, cacheControl: string): StaticFile {
  return {
    contentType: CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
    cacheControl,
    identity: body,
    gzip: gzipSync(body, { level: 9 }),
    brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Builds the app into a private temporary folder (parallel runtimes never share one). */
export async function startLocalWebApp(config: WebRuntimeConfig): Promise<LocalWebApp> {
  const outDir = process.env.JISR_WEB_DIR ?? mkdtempSync(join(tmpdir(), 'jisr-web-'));
  const prebuilt = process.env.JISR_WEB_DIR !== undefined;
  if (!prebuilt) await buildWebApp({ outDir });
  const files = new Map<string, StaticFile>();
  for (const path of filesUnder(outDir)) {
    const urlPath = `/${relative(outDir, path).split('\\').join('/')}`;
    if (urlPath === '/config.json') continue;
    const immutable = urlPath.startsWith('/assets/');
    files.set(
      urlPath,
      staticFile(path, readFileSync(path), immutable ? 'public, max-age=31536000, immutable' : 'no-cache'),
    );
  }
  const index = files.get('/index.html');
  if (index === undefined) throw new Error(`web app: no index.html in ${outDir}`);
  files.set('/', index);
  files.set('/config.json', staticFile('config.json', Buffer.from(JSON.stringify(config)), 'no-store'));
  const securityHeaders = webSecurityHeaders({ connectSources: [] });

  return {
    files,
    serve(request, response, pathname) {
      const method = request.method ?? 'GET';
      const file = files.get(pathname);
      if ((method !== 'GET' && method !== 'HEAD') || file === undefined) return false;
      const accepted = String(request.headers['accept-encoding'] ?? '');
      const [encoding, body] = /\bbr\b/.test(accepted)
        ? (['br', file.brotli] as const)
        : /\bgzip\b/.test(accepted)
          ? (['gzip', file.gzip] as const)
          : ([undefined, file.identity] as const);
      response.writeHead(200, {
        ...securityHeaders,
        'content-type': file.contentType,
        'cache-control': file.cacheControl,
        'content-length': String(body.length),
        vary: 'Accept-Encoding',
        ...(encoding === undefined ? {} : { 'content-encoding': encoding }),
      });
      response.end(method === 'HEAD' ? undefined : body);
      return true;
    },
    dispose() {
      if (!prebuilt) rmSync(outDir, { recursive: true, force: true });
    },
  };
}
