/**
 * Setup over HTTP (STYLE.md lesson 14): users are created with the admin's bearer token, and
 * browser contexts are logged in through the API so only the workflow under test drives the UI.
 */
import { randomBytes } from 'node:crypto';
import { request, type APIRequestContext, type BrowserContext } from '@playwright/test';
import { LoginResponse, Session, ShareCreated, User, type CreateShareRequest, type Role } from '../../protocol/rest.js';

export interface TestUser {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  password: string;
}

export function baseUrl(): string {
  const url = process.env.NS_E2E_BASE_URL;
  if (!url) throw new Error('NS_E2E_BASE_URL is not set: run through playwright.config.ts (globalSetup starts the server)');
  return url;
}

export class AdminApi {
  private constructor(private readonly http: APIRequestContext) {}

  static async connect(): Promise<AdminApi> {
    const anonymous = await request.newContext({ baseURL: baseUrl() });
    const response = await anonymous.post('/api/v1/auth/login', {
      data: { email: process.env.NS_E2E_ADMIN_EMAIL, password: process.env.NS_E2E_ADMIN_PASSWORD },
    });
    if (!response.ok()) throw new Error(`admin login failed: ${response.status()} ${await response.text()}`);
    const { token } = LoginResponse.parse(await response.json());
    await anonymous.dispose();
    const http = await request.newContext({ baseURL: baseUrl(), extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    return new AdminApi(http);
  }

  /** A fresh user per call, so tests never see each other's sessions or shares. */
  async createUser(role: Role, name: string): Promise<TestUser> {
    const suffix = randomBytes(4).toString('hex');
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${suffix}@example.com`;
    const password = `pw-${randomBytes(9).toString('base64url')}`;
    const response = await this.http.post('/api/v1/users', { data: { email, name, password, role } });
    if (response.status() !== 201) throw new Error(`create user failed: ${response.status()} ${await response.text()}`);
    const user = User.parse(await response.json());
    return { ...user, password };
  }

  get request(): APIRequestContext {
    return this.http;
  }

  async dispose(): Promise<void> {
    await this.http.dispose();
  }
}

/** Logs a browser context in over HTTP; the login cookie lands in the context's cookie jar. */
export async function logInContext(context: BrowserContext, user: TestUser): Promise<void> {
  const response = await context.request.post(`${baseUrl()}/api/v1/auth/login`, {
    data: { email: user.email, password: user.password },
  });
  if (!response.ok()) throw new Error(`login of ${user.email} failed: ${response.status()} ${await response.text()}`);
}

/**
 * REST calls as a logged-in browser context (its cookie), with the product's own Origin: the
 * server refuses cookie-authenticated writes from any other origin.
 */
export class UserApi {
  constructor(private readonly context: BrowserContext) {}

  private async post<T>(path: string, body: unknown, schema: { parse(input: unknown): T }): Promise<T> {
    const response = await this.context.request.post(`${baseUrl()}${path}`, { data: body, headers: { origin: new URL(baseUrl()).origin } });
    if (!response.ok()) throw new Error(`POST ${path} failed: ${response.status()} ${await response.text()}`);
    return schema.parse(await response.json());
  }

  /** A session on the built-in demo router (DESIGN.md §4). */
  openDemoSession(): Promise<Session> {
    return this.post('/api/v1/sessions', { device_id: 'dev_demo' }, Session);
  }

  share(sessionId: string, request: CreateShareRequest = {}): Promise<ShareCreated> {
    return this.post(`/api/v1/sessions/${sessionId}/share`, request, ShareCreated);
  }

  async revoke(sessionId: string, shareId: string): Promise<void> {
    const response = await this.context.request.delete(`${baseUrl()}/api/v1/sessions/${sessionId}/shares/${shareId}`, {
      headers: { origin: new URL(baseUrl()).origin },
    });
    if (!response.ok()) throw new Error(`revoke failed: ${response.status()} ${await response.text()}`);
  }
}
