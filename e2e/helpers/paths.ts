import { fileURLToPath } from 'node:url';

/** Screenshots and the server log of the last run (git-ignored). */
export const artifactsDir = fileURLToPath(new URL('../artifacts', import.meta.url));
