/** Every scenario, in the order `npm run bench` runs them (issue 6 numbering, then issues 11–14). */
import type { Scenario } from '../scenario.js';
import { auditChain } from './auditChain.js';
import { browser } from './browser.js';
import { burst } from './burst.js';
import { crossInstance } from './crossInstance.js';
import { curve } from './curve.js';
import { footprint } from './footprint.js';
import { isolation } from './isolation.js';
import { joinStorm, memory } from './joins.js';
import { recording } from './recording.js';
import { redaction } from './redaction.js';
import { snapshot } from './snapshot.js';
import { audience, stress, typical } from './stream.js';

export const scenarios: Scenario[] = [
  typical, audience, burst, stress, isolation, joinStorm, memory, crossInstance, browser,
  // Our server against itself (issues 11–13) and what `npm start` leaves running (issue 14).
  snapshot, redaction, recording, auditChain, footprint,
  curve,
];
