/**
 * The app's one door to the Jisr API: adds the bearer token, reads problem+json errors into
 * `ApiProblem` (with the offending fields), tells a lost connection (`ApiUnreachable`) from an
 * answer, and signs the user out on 401.
 */
import type { Problem } from '../../shared/schemas/problem.js';

export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  constructor(
    readonly status: number,
    readonly problem: Problem,
    /** Seconds to wait before retrying, from Retry-After (503). */
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(`${status} ${problem.title}: ${problem.detail}`);
  }

  /** The issue for one field (exact path, e.g. `beneficiary.householdSize`), if any. */
  fieldMessage(field: string): string | undefined {
    return this.problem.errors?.find((issue) => issue.field === field)?.message;
  }
}

/** The request never got an answer: offline, DNS, server down. Safe to retry. */
export class ApiUnreachable extends Error {
  override readonly name = 'ApiUnreachable';
}

export interface ApiResponse<T> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface RequestOptions {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal;
}

export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: () => string | undefined,
    private readonly onUnauthenticated: () => void,
  ) {}

  url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  async get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return (await this.request<T>('GET', path, options)).body;
  }

  async post<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return await this.request<T>('POST', path, options);
  }

  async put<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return await this.request<T>('PUT', path, options);
  }

  /** A GET whose body is not JSON (CSV, HTML): returns it as a Blob. */
  async blob(path: string): Promise<Blob> {
    const response = await this.send('GET', path, {});
    if (!response.ok) throw await problemOf(response);
    return await response.blob();
  }

  async request<T>(method: string, path: string, options: RequestOptions): Promise<ApiResponse<T>> {
    const response = await this.send(method, path, options);
    if (!response.ok) {
      const problem = await problemOf(response);
      if (problem.status === 401) this.onUnauthenticated();
      throw problem;
    }
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text === '' ? undefined : JSON.parse(text)) as T,
    };
  }

  private async send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    const token = this.token();
    if (token !== undefined) headers.Authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await fetch(this.url(path), {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiUnreachable(error instanceof Error ? error.message : String(error));
    }
  }
}

async function problemOf(response: Response): Promise<ApiProblem> {
  const retryAfter = Number(response.headers.get('Retry-After'));
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
  let problem: Problem = {
    type: 'about:blank',
    title: response.statusText,
    status: response.status,
    detail: response.statusText,
  };
  try {
    const body = (await response.json()) as Partial<Problem>;
    if (typeof body.title === 'string' && typeof body.detail === 'string') {
      problem = { ...problem, ...body, status: response.status } as Problem;
    }
  } catch {
    // Not JSON (a gateway's own error page): keep the status line.
  }
  return new ApiProblem(response.status, problem, retryAfterSeconds);
}

/** A new idempotency key (UUID v4) for one logical submission. */
export const newIdempotencyKey = () => crypto.randomUUID();
