/**
 * Worker thread body: fit an isolation forest and score every row (stats/isolation-offload.ts starts it),
 * so the audit's database checks run while the forest grows.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fitIsolationForest, type IsolationForestOptions, isolationScores } from './isolation-forest.js';

const { columns, nRows, options } = workerData as {
  columns: Float64Array[];
  nRows: number;
  options: IsolationForestOptions;
};
const scores = isolationScores(fitIsolationForest(columns, nRows, options), columns, nRows);
parentPort!.postMessage(scores, [scores.buffer as ArrayBuffer]);
