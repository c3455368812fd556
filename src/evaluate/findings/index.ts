/** Every evaluation check, in the order they run. Adding a check = one file and one line here. */
import type { EvalCheck } from './check.js';
import { fairnessGap } from './fairness-gap.js';
import { labelIssues } from './label-issues.js';
import { learningCurve } from './learning-curve.js';
import { noBetterThanBaseline } from './no-better-than-baseline.js';
import { notRobust } from './not-robust.js';
import { overfitting } from './overfitting.js';
import { poorCalibration } from './poor-calibration.js';
import { predictionsOutOfRange } from './predictions-out-of-range.js';
import { unstable } from './unstable.js';
import { weakSegment } from './weak-segment.js';

// biome-ignore lint/suspicious/noExplicitAny: checks differ in their value types
export const EVAL_CHECKS: readonly EvalCheck<any>[] = [
  overfitting,
  noBetterThanBaseline,
  unstable,
  learningCurve,
  predictionsOutOfRange,
  poorCalibration,
  weakSegment,
  fairnessGap,
  notRobust,
  labelIssues,
];
