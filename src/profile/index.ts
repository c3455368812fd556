export * from './types.js';
export * from './profile.js';
export * from './merge.js';
export * from './histogram.js';
export * from './sketch.js';
export * from './format.js';
export * from './missing.js';
