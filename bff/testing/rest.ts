/**
 * The one REST client of the vitest suites and the bench: JSON in and out, an optional bearer
 * token, the status and headers kept for tests that assert on them. No server code is imported,
 * so the bench can use it from its own processes.
 */

export interface ApiResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function api<T = any>(base: string, method: string, path: string, token?: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResult<T>> {
  const response = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

/** `api` for callers that cannot go on without a 2xx: the body, or an error naming the call. */
export async function apiOk<T = any>(base: string, method: string, path: string, token?: string | null, body?: unknown): Promise<T> {
  const r = await api<T>(base, method, path, token, body);
  if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
  return r.body;
}

export async function login(base: string, email: string, password: string): Promise<{ token: string; cookie: string }> {
  const r = await api(base, 'POST', '/api/v1/auth/login', null, { email, password });
  if (r.status !== 200) throw new Error(`login ${email} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { token: r.body.token, cookie: (r.headers.get('set-cookie') ?? '').split(';')[0]! };
}
