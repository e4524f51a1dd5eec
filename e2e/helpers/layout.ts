import type { Locator, Page } from '@playwright/test';

/**
 * Everything on the page that scrolls sideways right now: the document itself
 * (document.scrollingElement.scrollWidth > clientWidth), and any scroll container whose content is
 * wider than its box (the app scrolls inside its main area, so the document alone would hide a wide
 * table). The terminal and the tab strip are meant to scroll and are left out.
 */
export async function sidewaysScrollers(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const root = document.scrollingElement ?? document.documentElement;
    if (root.scrollWidth > root.clientWidth) found.push(`document (${root.scrollWidth} > ${root.clientWidth})`);
    for (const element of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      if (element.closest('.xterm, .tabs')) continue;
      const overflow = getComputedStyle(element).overflowX;
      if (overflow !== 'auto' && overflow !== 'scroll') continue;
      if (element.scrollWidth > element.clientWidth + 1) {
        const name = element.getAttribute('data-testid') ?? element.getAttribute('aria-label') ?? element.className;
        found.push(`${element.tagName.toLowerCase()} "${name}" (${element.scrollWidth} > ${element.clientWidth})`);
      }
    }
    return found;
  });
}

/**
 * Brings an element into view by scrolling up or down only, and tells whether it then lies fully
 * inside the viewport's width with nothing scrolled sideways: reachable without sideways scrolling.
 */
export async function reachableWithoutSidewaysScroll(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    element.scrollIntoView({ block: 'center', inline: 'nearest' });
    const rect = element.getBoundingClientRect();
    const scrolledSideways = [document.documentElement, ...Array.from(document.querySelectorAll<HTMLElement>('body *'))].some(
      (box) => box.scrollLeft > 0,
    );
    return !scrolledSideways && rect.width > 0 && rect.left >= 0 && rect.right <= document.documentElement.clientWidth;
  });
}
