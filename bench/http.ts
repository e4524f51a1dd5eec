/** The bench's own REST calls (DESIGN.md §7, §8), made with the tests' client (bff/testing/rest.ts). */
import { apiOk, login } from '../bff/testing/rest.js';

/** Creates a guest (view-only) user and logs it in. */
export async function createGuest(base: string, adminToken: string, password: string): Promise<{ email: string; token: string }> {
  const email = `bench-viewer-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  await apiOk(base, 'POST', '/api/v1/users', adminToken, { email, name: 'Bench Viewer', password, role: 'guest' });
  return { email, token: (await login(base, email, password)).token };
}

/** Counts audit events of one type for one share, following the cursor. */
export async function countAudit(base: string, adminToken: string, type: string, shareId: string): Promise<{ count: number; events: any[] }> {
  const events: any[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ type, share_id: shareId, limit: '1000', ...(cursor ? { cursor } : {}) });
    const page: { events: any[]; next_cursor: string | null } = await apiOk(base, 'GET', `/api/v1/audit?${query}`, adminToken);
    events.push(...page.events);
    cursor = page.next_cursor;
  } while (cursor !== null);
  return { count: events.length, events };
}
