export * from './format.js';
export * from './histogram.js';
export * from './merge.js';
export * from './missing.js';
export * from './profile.js';
export * from './sketch.js';
export * from './types.js';
