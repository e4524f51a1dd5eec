import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { TimeZoneMode } from '../ui/time.js';

interface TimeZoneState {
  /** The zone every absolute time in the app is shown in. */
  zone: TimeZoneMode;
  setZone: (zone: TimeZoneMode) => void;
}

/**
 * The user's UTC/local choice (client-only, STYLE.md lesson 15), remembered in localStorage so a
 * NOC wall screen set to UTC stays in UTC after a reload.
 */
export const useTimeZone = create<TimeZoneState>()(
  persist((set) => ({ zone: 'local', setZone: (zone) => set({ zone }) }), {
    name: 'ns.time-zone',
    storage: createJSONStorage(() => localStorage),
    partialize: (state) => ({ zone: state.zone }),
    // A hand-edited or stale entry falls back to local time instead of breaking every time on screen.
    merge: (stored, current) => {
      const zone = (stored as { zone?: unknown } | undefined)?.zone;
      return { ...current, zone: zone === 'utc' || zone === 'local' ? zone : current.zone };
    },
  }),
);
