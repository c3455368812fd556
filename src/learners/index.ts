/** The learners' public API: the contract, every learner, the registry and the shared preprocessing. */
export * from './types.js';
export * from './registry.js';
export * from './preprocess/index.js';
export { gbdt, GbdtModel, GBDT_DEFAULTS, type GbdtParams } from './gbdt/index.js';
export * from './logistic/index.js';
export * from './linear/index.js';
export * from './knn/index.js';
export * from './bayes/index.js';
export * from './baseline/index.js';
