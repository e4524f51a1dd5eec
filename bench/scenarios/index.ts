/** Every scenario, in the order `npm run bench` runs them (issue 6 numbering). */
import type { Scenario } from '../scenario.js';
import { browser } from './browser.js';
import { burst } from './burst.js';
import { crossInstance } from './crossInstance.js';
import { curve } from './curve.js';
import { isolation } from './isolation.js';
import { joinStorm, memory } from './joins.js';
import { audience, stress, typical } from './stream.js';

export const scenarios: Scenario[] = [typical, audience, burst, stress, isolation, joinStorm, memory, crossInstance, browser, curve];
