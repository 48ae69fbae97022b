import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Unavailable } from '../core/errors.ts';
import { IntentModel } from './intent-model.ts';
import { SoftmaxRegression } from './softmax-regression.ts';
import { SpellingCorrector } from './spelling.ts';

/**
 * The trained weights as a committed artifact (corpus/model.json), rebuilt by `aether intent train`.
 * Only the feature buckets seen in training are stored, quantised to int8 with one scale per
 * head (the classifier's argmax and calibrated probabilities are insensitive to that rounding).
 */
export const MODEL_PATH = fileURLToPath(new URL('./corpus/model.json', import.meta.url));

interface HeadJson {
  classes: number;
  scale: number;
  bias: number[];
  index: string;
  weights: string;
}

export interface ModelJson {
  format: 'aether-intent-model/1';
  version: string;
  trained_at_seed: number;
  temperature: { trigger: number; goal: number };
  /** Top-label confidence calibrator weights (absent in older artifacts). */
  confidence_calibrator?: number[];
  vocabulary: Array<[string, number]>;
  trigger: HeadJson;
  goal: HeadJson;
  metrics: Record<string, number>;
}

function encodeHead(m: SoftmaxRegression): HeadJson {
  const keys = [...m.weights.keys()].sort((a, b) => a - b);
  let max = 0;
  for (const w of m.weights.values()) for (const v of w) max = Math.max(max, Math.abs(v));
  const scale = max / 127 || 1;
  const q = new Int8Array(keys.length * m.classes);
  keys.forEach((k, i) => {
    const w = m.weights.get(k)!;
    for (let c = 0; c < m.classes; c++) q[i * m.classes + c] = Math.round(w[c]! / scale);
  });
  return {
    classes: m.classes,
    scale,
    bias: [...m.bias].map((b) => Math.round(b * 1e5) / 1e5),
    index: Buffer.from(new Int32Array(keys).buffer).toString('base64'),
    weights: Buffer.from(q.buffer).toString('base64'),
  };
}

function decodeHead(h: HeadJson): SoftmaxRegression {
  const idxBuf = Buffer.from(h.index, 'base64');
  const keys = new Int32Array(idxBuf.buffer, idxBuf.byteOffset, idxBuf.byteLength / 4);
  const wBuf = Buffer.from(h.weights, 'base64');
  const q = new Int8Array(wBuf.buffer, wBuf.byteOffset, wBuf.byteLength);
  const weights = new Map<number, Float32Array>();
  keys.forEach((k, i) => {
    const w = new Float32Array(h.classes);
    for (let c = 0; c < h.classes; c++) w[c] = q[i * h.classes + c]! * h.scale;
    weights.set(k, w);
  });
  return new SoftmaxRegression(h.classes, weights, Float32Array.from(h.bias));
}

export function encodeModel(
  model: IntentModel,
  seed: number,
  vocabulary: Array<[string, number]>,
  metrics: Record<string, number>,
): ModelJson {
  return {
    format: 'aether-intent-model/1',
    version: model.version,
    trained_at_seed: seed,
    temperature: model.temperature,
    ...(model.calibrator ? { confidence_calibrator: [...model.calibrator] } : {}),
    vocabulary,
    trigger: encodeHead(model.trigger),
    goal: encodeHead(model.goal),
    metrics,
  };
}

export function decodeModel(json: ModelJson): IntentModel {
  const freq = new Map(json.vocabulary);
  return new IntentModel(
    decodeHead(json.trigger),
    decodeHead(json.goal),
    json.temperature,
    new SpellingCorrector(
      json.vocabulary.map(([w]) => w),
      freq,
    ),
    json.version,
    json.confidence_calibrator ?? null,
  );
}

export function saveModel(json: ModelJson, path = MODEL_PATH): void {
  writeFileSync(path, `${JSON.stringify(json)}\n`);
}

let cached: IntentModel | null = null;

/** The committed model, loaded once per process. */
export function loadModel(path = MODEL_PATH): IntentModel {
  if (cached && path === MODEL_PATH) return cached;
  let json: ModelJson;
  try {
    json = JSON.parse(readFileSync(path, 'utf8')) as ModelJson;
  } catch (e) {
    throw new Unavailable(
      `The intent model is missing or unreadable at ${path}; run \`aether intent train\`. (${(e as Error).message})`,
    );
  }
  const model = decodeModel(json);
  if (path === MODEL_PATH) cached = model;
  return model;
}

export function resetModelCache(): void {
  cached = null;
}
