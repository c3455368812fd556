/**
 * decision_tree against scikit-learn 1.2.1 (trees pinned in test/fixtures/tree_sklearn.json by
 * test/fixtures/tree_sklearn.py): same splits (feature, threshold to 1e-9), node sizes, impurities and
 * leaf values; same cost-complexity pruning path. scikit-learn fits on float32 features, so the features
 * are rounded to float32 here too. Where two features give exactly the same impurity decrease,
 * scikit-learn picks one through its random feature order: those nodes (listed in `ties`) are checked
 * on the partition (children's sizes and impurities), not the feature.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareDataset } from '../src/data/prepare.js';
import {
  costComplexityPruningPath,
  type DecisionTreeModel,
  decisionTree,
  type TreeParams,
} from '../src/learners/tree/index.js';
import type { FeatureMatrix } from '../src/learners/types.js';

interface SkTree {
  params: Partial<TreeParams>;
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  n: number[];
  impurity: number[];
  value: number[][];
}

const SK = JSON.parse(readFileSync(new URL('./fixtures/tree_sklearn.json', import.meta.url), 'utf8'));

async function load(name: string, target: string) {
  const d = await prepareDataset(new URL(`../data/datasets/${name}.csv`, import.meta.url).pathname, {
    target,
  });
  const X: FeatureMatrix = {
    ...d.X,
    columns: d.X.columns.map((c) => Float64Array.from(Float32Array.from(c))),
  };
  return { X, y: d.target.y, task: d.target.task, nClasses: d.target.classes.length };
}

function close(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
}

function compareTree(m: DecisionTreeModel, sk: SkTree, ties: number[]): string[] {
  const t = m.tree;
  const errs: string[] = [];
  if (t.nNodes !== sk.feature.length) return [`${t.nNodes} nodes, scikit-learn ${sk.feature.length}`];
  const classification = m.task !== 'regression';
  for (let i = 0; i < t.nNodes; i++) {
    const leaf = sk.feature[i]! < 0;
    const tie = ties.includes(i);
    if (t.nSamples[i] !== sk.n[i]) errs.push(`node ${i}: ${t.nSamples[i]} rows, scikit-learn ${sk.n[i]}`);
    if (!close(t.impurity[i]!, sk.impurity[i]!, 1e-12))
      errs.push(`node ${i}: impurity ${t.impurity[i]} vs ${sk.impurity[i]}`);
    if (leaf !== t.feature[i]! < 0) errs.push(`node ${i}: leaf mismatch`);
    if (!leaf && !tie) {
      if (t.feature[i] !== sk.feature[i])
        errs.push(`node ${i}: feature ${t.feature[i]}, scikit-learn ${sk.feature[i]}`);
      if (Math.abs(t.threshold[i]! - sk.threshold[i]!) > 1e-9)
        errs.push(`node ${i}: threshold ${t.threshold[i]} vs ${sk.threshold[i]}`);
    }
    if (!leaf && (t.left[i] !== sk.left[i] || t.right[i] !== sk.right[i]))
      errs.push(`node ${i}: children differ`);
    const K = t.nOut;
    for (let k = 0; k < K; k++) {
      const mine = t.value[i * K + k]!;
      const theirs = sk.value[i]![k]!;
      if (!close(mine, theirs, classification ? 0 : 1e-12))
        errs.push(`node ${i}: value[${k}] ${mine} vs ${theirs}`);
    }
  }
  return errs;
}

describe('decision_tree matches scikit-learn DecisionTree', () => {
  const cases: [string, string, string, number[]][] = [
    ['wine_gini_d3', 'wine', 'target', []],
    ['breast_cancer_gini_d3', 'breast_cancer', 'target', [9]],
    ['iris_entropy_d3', 'iris', 'target', [0]],
    ['wine_leaves5', 'wine', 'target', []],
    ['breast_cancer_leaf5_split12', 'breast_cancer', 'target', [11]],
    ['diabetes_d3', 'diabetes', 'target', []],
    ['diabetes_leaves6', 'diabetes', 'target', []],
  ];
  for (const [key, name, target, ties] of cases) {
    it(`${key}: same splits, node sizes, impurities and values`, async () => {
      const d = await load(name, target);
      const sk = SK[key] as SkTree;
      const m = decisionTree.fit(d.X, d.y, {
        task: d.task,
        nClasses: d.nClasses,
        params: sk.params,
      }) as DecisionTreeModel;
      expect(compareTree(m, sk, ties)).toEqual([]);
    });
  }

  it('cost-complexity pruning path of breast_cancer (gini) equals scikit-learn', async () => {
    const d = await load('breast_cancer', 'target');
    const p = costComplexityPruningPath(d.X, d.y, { task: d.task, nClasses: d.nClasses });
    const sk = SK.ccp_breast_cancer;
    expect(p.ccpAlphas.length).toBe(sk.alphas.length);
    for (let i = 0; i < sk.alphas.length; i++) {
      expect(p.ccpAlphas[i]).toBeCloseTo(sk.alphas[i], 14);
      expect(p.impurities[i]).toBeCloseTo(sk.impurities[i], 14);
    }
  });

  it('ccp_alpha=0.01 prunes breast_cancer to scikit-learn tree', async () => {
    const d = await load('breast_cancer', 'target');
    const m = decisionTree.fit(d.X, d.y, {
      task: d.task,
      nClasses: d.nClasses,
      params: { ccp_alpha: 0.01 },
    }) as DecisionTreeModel;
    const sk = SK['ccp_breast_cancer_0.01'];
    expect(Array.from(m.tree.nSamples)).toEqual(sk.n);
    for (let i = 0; i < sk.impurity.length; i++) expect(m.tree.impurity[i]).toBeCloseTo(sk.impurity[i], 12);
  });

  it('cost-complexity pruning path of diabetes (squared error, min_samples_leaf=5) equals scikit-learn', async () => {
    const d = await load('diabetes', 'target');
    const p = costComplexityPruningPath(d.X, d.y, {
      task: d.task,
      nClasses: 0,
      params: { min_samples_leaf: 5 },
    });
    const sk = SK.ccp_diabetes_leaf5;
    expect(p.ccpAlphas.length).toBe(sk.alphas.length);
    for (let i = 0; i < sk.alphas.length; i++) {
      expect(close(p.ccpAlphas[i]!, sk.alphas[i], 1e-9)).toBe(true);
      expect(close(p.impurities[i]!, sk.impurities[i], 1e-9)).toBe(true);
    }
  });
});
