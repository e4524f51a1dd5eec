import { describe, expect, it } from 'vitest';
import { chooseFontSize, MAX_FIT_FONT_SIZE, MIN_READABLE_FONT_SIZE, visibleColumns } from './scaleToFit.js';

// A 200×50 owner terminal at 14 px: cells about 8.4 × 17 px.
const screenAt14 = { width: 1680, height: 850 };

describe('the viewer terminal stays readable at any size (issue 11)', () => {
  it('scales a wide owner terminal down to fit when that stays readable', () => {
    const font = chooseFontSize('fit', { width: 1400, height: 800 }, screenAt14, 14, 14);
    expect(font).toBeGreaterThanOrEqual(MIN_READABLE_FONT_SIZE);
    expect(font).toBeLessThanOrEqual(11.5);
    expect((screenAt14.width * font) / 14).toBeLessThanOrEqual(1400);
  });

  it('never goes below the readable floor: an 800 px window scrolls instead', () => {
    expect(chooseFontSize('fit', { width: 784, height: 500 }, screenAt14, 14, 14)).toBe(MIN_READABLE_FONT_SIZE);
  });

  it('scales a small owner terminal up for a large screen, within a limit', () => {
    expect(chooseFontSize('fit', { width: 1900, height: 1000 }, { width: 672, height: 408 }, 14, 14)).toBe(MAX_FIT_FONT_SIZE);
  });

  it('keeps the owner font size at actual size, whatever the window', () => {
    expect(chooseFontSize('actual', { width: 300, height: 200 }, screenAt14, 11, 14)).toBe(14);
  });

  it('counts the columns the window shows', () => {
    expect(visibleColumns(200, 784, 1680)).toBe(93);
    expect(visibleColumns(80, 1900, 672)).toBe(80);
  });
});
