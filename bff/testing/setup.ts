/**
 * vitest setupFiles: wires bff/testing/teardown.ts to the runner. What a test opens through the
 * helpers closes in `onTestFinished`, which runs after the test and its afterEach hooks whether it
 * passed or not; what a `beforeAll` opens closes after the file's own afterAll hooks.
 */
import { afterAll, beforeEach, onTestFinished } from 'vitest';
import { installTeardown } from './teardown.js';

const fileScoped: Array<() => unknown> = [];
let inTest = false;

beforeEach(() => {
  inTest = true;
  // Registered first, so it runs last: resources the test's own teardown opens still count as its.
  onTestFinished(() => {
    inTest = false;
  });
});

afterAll(async () => {
  for (const close of fileScoped.splice(0).reverse()) await close();
});

installTeardown((close) => {
  if (inTest) onTestFinished(async () => void (await close()));
  else fileScoped.push(close);
});
