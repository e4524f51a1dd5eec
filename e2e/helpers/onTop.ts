import { expect, type Locator } from '@playwright/test';

/**
 * Stronger than toBeVisible: the element's centre is really what the user sees there, not clipped
 * by a scrolling ancestor or covered by something else (a popover inside an overflow container
 * passes toBeVisible while nobody can see it).
 */
export async function expectOnTop(locator: Locator): Promise<void> {
  await expect(locator).toBeVisible();
  await expect
    .poll(() =>
      locator.evaluate((element) => {
        const rect = element.getBoundingClientRect();
        const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + Math.min(rect.height / 2, 12));
        return hit !== null && element.contains(hit);
      }),
    )
    .toBe(true);
}
