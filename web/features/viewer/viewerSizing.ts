import { useCallback, useState } from 'react';
import type { ViewerSizing } from '../../terminal/scaleToFit.js';

/** The viewer's Fit / Actual size choice, remembered per browser (client-only, STYLE.md lesson 15). */
export const VIEWER_SIZING_KEY = 'ns.viewer-sizing';

export function readViewerSizing(): ViewerSizing {
  try {
    return localStorage.getItem(VIEWER_SIZING_KEY) === 'actual' ? 'actual' : 'fit';
  } catch {
    // Storage can be off (private mode, kiosk policy): Fit is the default then.
    return 'fit';
  }
}

/** A plain localStorage value rather than a store: the viewer route stays small. */
export function useViewerSizing(): [ViewerSizing, (sizing: ViewerSizing) => void] {
  const [sizing, setSizing] = useState(readViewerSizing);
  const choose = useCallback((next: ViewerSizing) => {
    setSizing(next);
    try {
      localStorage.setItem(VIEWER_SIZING_KEY, next);
    } catch {
      // Not remembered, still applied.
    }
  }, []);
  return [sizing, choose];
}
