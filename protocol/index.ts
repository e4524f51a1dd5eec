export * from './closeCodes.js';
export * from './duration.js';
export * from './frames.js';
export * from './permissions.js';
export * from './rest.js';
export * from './seq.js';
