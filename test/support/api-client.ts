/** A small HTTP client for tests and the benchmark: real requests over loopback. */
import { randomUUID } from 'node:crypto';
import type { ReportNeedRequest } from '../../shared/schemas/need.js';

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export class ApiClient {
  private readonly tokens = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async token(username: string, password = 'jisr-demo'): Promise<string> {
    const cached = this.tokens.get(username);
    if (cached !== undefined) return cached;
    const response = await this.request<{ token: string }>('POST', '/auth/token', {
      body: { username, password },
    });
    if (response.status !== 200) throw new Error(`sign-in of ${username} failed: ${response.status}`);
    this.tokens.set(username, response.body.token);
    return response.body.token;
  }

  async as<T = unknown>(
    username: string | undefined,
    method: string,
    path: string,
    options: { body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const authorization: Record<string, string> =
      username === undefined ? {} : { authorization: `Bearer ${await this.token(username)}` };
    return await this.request<T>(method, path, {
      ...options,
      headers: { ...authorization, ...options.headers },
    });
  }

  async request<T = unknown>(
    method: string,
    path: string,
    options: { body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const hasBody = options.body !== undefined || options.rawBody !== undefined;
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...options.headers },
      ...(hasBody ? { body: options.rawBody ?? JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: body as T };
  }

  async reportNeed<T = unknown>(username: string, report: unknown, idempotencyKey: string = randomUUID()) {
    return await this.as<T>(username, 'POST', '/v1/needs', {
      body: report,
      headers: { 'idempotency-key': idempotencyKey },
    });
  }
}

export function validReport(overrides: Partial<ReportNeedRequest> = {}): ReportNeedRequest {
  return {
    categories: ['health'],
    description: 'يحتاج الطفل إلى متابعة طبية — needs a follow-up with a paediatrician',
    district: 'seyhan',
    neighbourhood: 'Döşeme',
    priority: 'routine',
    beneficiary: { ageGroup: '0-4', gender: 'female', householdSize: 5, disability: false, language: 'ar' },
    consent: { shareWithUnits: true },
    ...overrides,
  };
}
