/** The few REST calls the bench makes (DESIGN.md §4, §5, §7, §8), with a clear error on failure. */
export async function call<T = any>(base: string, method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const response = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text.slice(0, 200)}`);
  return (text ? JSON.parse(text) : null) as T;
}

export async function login(base: string, email: string, password: string): Promise<string> {
  return (await call<{ token: string }>(base, 'POST', '/api/v1/auth/login', null, { email, password })).token;
}

/** Creates a guest (view-only) user and logs it in. */
export async function createGuest(base: string, adminToken: string, password: string): Promise<{ email: string; token: string }> {
  const email = `bench-viewer-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  await call(base, 'POST', '/api/v1/users', adminToken, { email, name: 'Bench Viewer', password, role: 'guest' });
  return { email, token: await login(base, email, password) };
}

/** Counts audit events of one type for one share, following the cursor. */
export async function countAudit(base: string, adminToken: string, type: string, shareId: string): Promise<{ count: number; events: any[] }> {
  const events: any[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ type, share_id: shareId, limit: '1000', ...(cursor ? { cursor } : {}) });
    const page: { events: any[]; next_cursor: string | null } = await call(base, 'GET', `/api/v1/audit?${query}`, adminToken);
    events.push(...page.events);
    cursor = page.next_cursor;
  } while (cursor !== null);
  return { count: events.length, events };
}
