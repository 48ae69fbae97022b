import { InvalidInput } from '../core/errors.ts';
import { UpliftForest, type UpliftForestState } from './forest/uplift-forest.ts';
import { BaggedTLearner, type BaggedTLearnerState } from './learners/bagged-t-learner.ts';
import { DRLearner, type DRLearnerState } from './learners/dr-learner.ts';
import { RLearner, type RLearnerState } from './learners/r-learner.ts';
import { TLearner, type TLearnerState } from './learners/t-learner.ts';
import { XLearner, type XLearnerState } from './learners/x-learner.ts';
import { PolicyTree, type PolicyTreeState } from './policy/policy-tree.ts';
import type { FeatureBinning } from './trees/binning.ts';
import type { GbdtModel } from './trees/gbdt.ts';

/**
 * Save and load fitted models as JSON. Typed arrays are stored as base64 of their bytes
 * (little-endian, as on every platform Node runs on), so every double comes back bit for bit and a
 * reloaded model predicts exactly what it predicted before. The bin edges travel with the model,
 * so scoring data is binned exactly as the training data was.
 */
export type CausalModel =
  | TLearner
  | BaggedTLearner
  | XLearner
  | DRLearner
  | RLearner
  | UpliftForest
  | PolicyTree;

export interface SavedModel<M = CausalModel | GbdtModel> {
  model: M;
  binning: FeatureBinning[] | null;
  meta: Record<string, unknown>;
}

const FORMAT = 'aether-causal-model';
const VERSION = 1;

const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
} as const;
type TypedName = keyof typeof TYPED;

function encode(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const name = value.constructor.name as TypedName;
    if (!(name in TYPED)) throw new InvalidInput(`cannot serialise a ${name}`);
    const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return { $typed: name, b64: bytes.toString('base64') };
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return { $num: String(value) };
  return value;
}

function decode(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object') {
    const v = value as { $typed?: string; b64?: string; $num?: string };
    if (typeof v.$typed === 'string' && typeof v.b64 === 'string') {
      const Ctor = TYPED[v.$typed as TypedName];
      if (!Ctor) throw new InvalidInput(`unknown typed array "${v.$typed}" in saved model`);
      const buf = Buffer.from(v.b64, 'base64');
      // Copy into a fresh, aligned buffer.
      const ab = new ArrayBuffer(buf.byteLength);
      new Uint8Array(ab).set(buf);
      return new Ctor(ab);
    }
    if (typeof v.$num === 'string' && Object.keys(v).length === 1) return Number(v.$num);
  }
  return value;
}

function stateOf(model: CausalModel | GbdtModel): { kind: string } {
  if ('toState' in model) return model.toState();
  return model;
}

export function serializeModel(
  model: CausalModel | GbdtModel,
  opts: { binning?: FeatureBinning[]; meta?: Record<string, unknown> } = {},
): string {
  const state = stateOf(model);
  return JSON.stringify(
    {
      format: FORMAT,
      version: VERSION,
      kind: state.kind,
      binning: opts.binning ?? null,
      meta: opts.meta ?? {},
      state,
    },
    encode,
  );
}

export function deserializeModel(text: string): SavedModel {
  let doc: {
    format?: string;
    version?: number;
    kind?: string;
    binning?: FeatureBinning[] | null;
    meta?: Record<string, unknown>;
    state?: unknown;
  };
  try {
    doc = JSON.parse(text, decode);
  } catch (e) {
    throw new InvalidInput(`saved model is not valid JSON: ${(e as Error).message}`);
  }
  if (doc.format !== FORMAT) throw new InvalidInput('not a saved causal model (format tag missing)');
  if (doc.version !== VERSION)
    throw new InvalidInput(`saved model version ${doc.version} is not supported (expected ${VERSION})`);
  const s = doc.state;
  let model: CausalModel | GbdtModel;
  switch (doc.kind) {
    case 't-learner':
      model = TLearner.fromState(s as TLearnerState);
      break;
    case 'bagged-t-learner':
      model = BaggedTLearner.fromState(s as BaggedTLearnerState);
      break;
    case 'x-learner':
      model = XLearner.fromState(s as XLearnerState);
      break;
    case 'dr-learner':
      model = DRLearner.fromState(s as DRLearnerState);
      break;
    case 'r-learner':
      model = RLearner.fromState(s as RLearnerState);
      break;
    case 'uplift-forest':
      model = UpliftForest.fromState(s as UpliftForestState);
      break;
    case 'policy-tree':
      model = PolicyTree.fromState(s as PolicyTreeState);
      break;
    case 'gbdt':
      model = s as GbdtModel;
      break;
    default:
      throw new InvalidInput(`unknown model kind "${doc.kind}"`);
  }
  return { model, binning: doc.binning ?? null, meta: doc.meta ?? {} };
}
