/**
 * Every learner by its stable name (the name used on the command line and stored in artifacts), lookup
 * with a clear error, and restoring a fitted model from its JSON. Adding a learner = one import and one
 * entry here. Browser-safe.
 */
import { InputError } from '../errors.js';
import { baseline } from './baseline/index.js';
import { naiveBayes } from './bayes/index.js';
import { extraTrees, randomForest } from './forest/index.js';
import { gbdt } from './gbdt/index.js';
import { knn } from './knn/index.js';
import { lasso, linearRegression, ridge } from './linear/index.js';
import { logisticRegression } from './logistic/index.js';
import { decisionTree } from './tree/index.js';
import type { Learner, Model, ModelJSON, Task } from './types.js';

// biome-ignore lint/suspicious/noExplicitAny: learners differ in their parameter types
type AnyLearner = Learner<any>;

export const learners: Record<string, AnyLearner> = {
  [gbdt.name]: gbdt,
  [decisionTree.name]: decisionTree,
  [randomForest.name]: randomForest,
  [extraTrees.name]: extraTrees,
  [logisticRegression.name]: logisticRegression,
  [linearRegression.name]: linearRegression,
  [ridge.name]: ridge,
  [lasso.name]: lasso,
  [knn.name]: knn,
  [naiveBayes.name]: naiveBayes,
  [baseline.name]: baseline,
};

/** Names of the registered learners, sorted. */
export function learnerNames(): string[] {
  return Object.keys(learners).sort();
}

/** Names of the learners that handle a task. */
export function learnersFor(task: Task): string[] {
  return learnerNames().filter((n) => learners[n]!.tasks.includes(task));
}

/** The learner called `name`; an InputError listing the valid names when there is none. */
export function getLearner(name: string): AnyLearner {
  const l = Object.hasOwn(learners, name) ? learners[name] : undefined;
  if (!l) throw new InputError(`unknown learner '${name}'; valid learners: ${learnerNames().join(', ')}`);
  return l;
}

/** A fitted model back from its JSON form (as stored in artifacts). */
export function restoreModel(json: ModelJSON): Model {
  if (!json || typeof json !== 'object' || typeof json.learner !== 'string')
    throw new InputError('model JSON: missing learner name');
  return getLearner(json.learner).fromJSON(json);
}
