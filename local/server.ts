/**
 * The local HTTP front door: it plays API Gateway for the routes of infra/routes.ts (JWT
 * verified, event built, the same handler called) and Cognito for sign-in (POST /auth/token).
 */
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { Duplex } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { handlerEntry } from '../infra/bundling.js';
import { ROUTES, type RouteDefinition, routeKey } from '../infra/routes.js';
import {
  NotAuthenticated,
  NotFound,
  NotPermitted,
  PayloadTooLarge,
  ValidationFailed,
} from '../shared/domain/errors.js';
import { problemResponse } from '../shared/http/problem.js';
import { apiGatewayEvent, authorizerClaims, lambdaContext } from './api-gateway-event.js';
import { type LocalIssuer, TOKEN_LIFETIME_SECONDS } from './issuer.js';

/** API Gateway HTTP APIs refuse payloads over 10 MB; so does the local gateway. */
export const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

interface CompiledRoute {
  readonly route: RouteDefinition;
  readonly pattern: RegExp;
  readonly parameterNames: string[];
  readonly handler: Handler;
}

export async function loadRoutes(routes: readonly RouteDefinition[] = ROUTES): Promise<CompiledRoute[]> {
  return await Promise.all(
    routes.map(async (route) => {
      const module = (await import(pathToFileURL(handlerEntry(route.functionName)).href)) as {
        handler?: Handler;
      };
      if (typeof module.handler !== 'function')
        throw new Error(`functions/${route.functionName} exports no handler`);
      const parameterNames: string[] = [];
      const pattern = new RegExp(
        `^${route.path
          .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
          .replace(/\\?\{([a-zA-Z]+)\\?\}/g, (_, name: string) => {
            parameterNames.push(name);
            return '([^/]+)';
          })}$`,
      );
      return { route, pattern, parameterNames, handler: module.handler };
    }),
  );
}

/** The routes the local runtime serves, as API Gateway route keys (for the parity test). */
export const servedRouteKeys = (compiled: readonly CompiledRoute[]) =>
  compiled.map(({ route }) => routeKey(route));

/** A request to one of the local runtime's own endpoints (not API routes). */
export interface LocalEndpointRequest {
  readonly method: string;
  readonly path: string;
  /** X-Amz-Target: set when an AWS SDK client calls the local stand-in of a service. */
  readonly target: string | undefined;
  readonly body: Buffer;
  /** The verified claims of a bearer token, if one was sent. */
  readonly claims: Record<string, string> | undefined;
}

export function createLocalServer(options: {
  routes: readonly CompiledRoute[];
  issuer: LocalIssuer;
  log?: (line: string) => void;
  /** The web app's static files (GET/HEAD); returns false for paths that are not its. */
  web?: (request: IncomingMessage, response: ServerResponse, pathname: string) => boolean;
  /** The local runtime's own endpoints (event bus, dead letters...); undefined to pass. */
  localEndpoints?: (request: LocalEndpointRequest) => Promise<APIGatewayProxyStructuredResultV2 | undefined>;
}): Server {
  const { routes, issuer } = options;
  const server = createServer((request, response) => {
    void serve(request, response).catch((error: unknown) => {
      options.log?.(`local gateway error: ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent) send(response, problemResponse(error));
      else response.destroy();
    });
  });
  server.on('clientError', answerClientError);
  return server;

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    if (method === 'POST' && url.pathname === '/auth/token') return await signIn(request, response);
    if (method === 'GET' && url.pathname === '/.well-known/jwks.json') {
      return send(response, {
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(issuer.jwks),
      });
    }
    if (method === 'GET' && url.pathname === '/health') {
      return send(response, {
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: '{"status":"ok"}',
      });
    }
    const awsTarget = request.headers['x-amz-target'];
    // The stand-ins of AWS services answer this machine only: they take no token.
    if (awsTarget !== undefined && !isLoopback(request.socket.remoteAddress)) {
      return send(
        response,
        problemResponse(new NotPermitted('AWS service stand-ins answer loopback callers only')),
      );
    }
    if (
      options.localEndpoints !== undefined &&
      (url.pathname.startsWith('/local/') || awsTarget !== undefined)
    ) {
      const body = await readBody(request, 1024 * 1024);
      if (body === 'too-large')
        return send(response, problemResponse(new PayloadTooLarge('The body exceeds 1 MB')));
      const result = await options.localEndpoints({
        method,
        path: url.pathname,
        target: request.headers['x-amz-target'] as string | undefined,
        body,
        claims: await verifiedClaims(request),
      });
      if (result !== undefined) return send(response, result);
    }
    const match = matchRoute(method, url.pathname);
    if (match === undefined && options.web?.(request, response, url.pathname) === true) return;
    if (match === undefined) {
      return send(
        response,
        problemResponse(new NotFound(`No route ${method} ${url.pathname}`), url.pathname),
      );
    }
    const body = await readBody(request);
    if (body === 'too-large') {
      return send(
        response,
        problemResponse(new PayloadTooLarge('The body exceeds the gateway limit of 10 MB')),
      );
    }
    const claims = await verifiedClaims(request);
    if (claims === undefined) {
      return send(
        response,
        problemResponse(new NotAuthenticated('A valid bearer token is required'), url.pathname),
      );
    }
    const event = apiGatewayEvent({
      request,
      url,
      routeKey: routeKey(match.compiled.route),
      pathParameters: match.parameters,
      body,
      claims,
    });
    const result = await match.compiled.handler(
      event,
      lambdaContext(match.compiled.route.functionName, event.requestContext.requestId),
    );
    send(response, result, event.requestContext.requestId);
  }

  function matchRoute(method: string, path: string) {
    for (const compiled of routes) {
      if (compiled.route.method !== method) continue;
      const found = compiled.pattern.exec(path);
      if (found === null) continue;
      const parameters: Record<string, string> = {};
      try {
        compiled.parameterNames.forEach((name, index) => {
          parameters[name] = decodeURIComponent(found[index + 1] ?? '');
        });
      } catch {
        continue;
      }
      return { compiled, parameters };
    }
    return undefined;
  }

  async function verifiedClaims(request: IncomingMessage): Promise<Record<string, string> | undefined> {
    const header = request.headers.authorization;
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (token === undefined) return undefined;
    const payload = await issuer.verify(token);
    return payload === undefined ? undefined : authorizerClaims(payload);
  }

  async function signIn(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request, 16 * 1024);
    let credentials: unknown;
    try {
      credentials = body === 'too-large' ? undefined : JSON.parse(body.toString('utf8'));
    } catch {
      credentials = undefined;
    }
    const { username, password } = (credentials ?? {}) as { username?: unknown; password?: unknown };
    if (typeof username !== 'string' || typeof password !== 'string') {
      const issues = [
        ...(typeof username === 'string' ? [] : [{ field: 'username', message: 'is required (a string)' }]),
        ...(typeof password === 'string' ? [] : [{ field: 'password', message: 'is required (a string)' }]),
      ];
      return send(response, problemResponse(new ValidationFailed(issues), '/auth/token'));
    }
    const token = await issuer.signIn(username, password);
    if (token === undefined) {
      return send(
        response,
        problemResponse(new NotAuthenticated('Wrong username or password'), '/auth/token'),
      );
    }
    send(response, {
      statusCode: 200,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
      body: JSON.stringify({ token, expiresIn: TOKEN_LIFETIME_SECONDS }),
    });
  }
}

/**
 * A request Node's HTTP parser refuses before any handler sees it (request line and headers
 * over 16 KB, a malformed request line) is answered with a problem too, as every refusal is.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, slug, title, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers-too-large', 'Request headers too large', 'The request line and headers exceed 16 KB']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request-timeout', 'Request timeout', 'The request did not arrive in time']
        : [400, 'malformed-request', 'Malformed request', 'The request is not well-formed HTTP/1.1'];
  const body = JSON.stringify({ type: `/problems/${slug}`, title, status, detail });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/problem+json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

const isLoopback = (address: string | undefined) =>
  address !== undefined &&
  (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

async function readBody(
  request: IncomingMessage,
  limit = GATEWAY_MAX_BODY_BYTES,
): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, result: APIGatewayProxyStructuredResultV2, requestId?: string): void {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  if (requestId !== undefined) headers['x-request-id'] = requestId;
  const body =
    result.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  headers['content-length'] = String(body.length);
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(body);
}
