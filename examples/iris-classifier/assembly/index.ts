// An Iris classifier: runs the ONNX model registered on chain as "iris-v1" through WASI-NN on four
// measurements, returns the species, logs it and remembers each caller's last answer.
import {
  Address,
  AbiEncoder,
  Event,
  FixedArray4,
  Graph,
  NnErrno,
  StorageMap,
  TensorType,
  caller,
  errnoName,
  int16,
  revert,
  uint8,
  uint16,
} from "lockstep-sdk";

/** The registered name the model is loaded by; registering a new model under it changes the answers. */
const MODEL = "iris-v1";
/** The largest measurement accepted, in millimetres: no iris has a 50 cm sepal or petal. */
const MAX_MM: u16 = 500;
const FEATURE_NAMES: StaticArray<string> = ["sepal length", "sepal width", "petal length", "petal width"];
const LABELS: StaticArray<string> = ["setosa", "versicolor", "virginica"];

/** Each caller's last label; an absent entry means the caller has classified nothing yet. */
const lastLabel = new StorageMap<Address, u8>("lastLabel");

const Classified = new Event("Classified(address indexed caller, uint8 indexed label, int32[] logitsMicro)");

/**
 * Classifies one flower from its sepal length, sepal width, petal length and petal width in whole
 * millimetres (each 1 to 500) and returns 0 for setosa, 1 for versicolor or 2 for virginica.
 */
export function classify(mm: FixedArray4<uint16>): uint8 {
  const features = new Float32Array(4);
  for (let i = 0; i < 4; i++) {
    const v = mm[i];
    if (v == 0 || v > MAX_MM) {
      revert(FEATURE_NAMES[i] + " must be 1 to " + MAX_MM.toString() + " mm, not " + v.toString());
    }
    // Correctly rounded, so 51 mm becomes exactly the f32 nearest 5.1 cm, as the training script reads it.
    features[i] = <f32>v / 10.0;
  }

  const logits = infer(features);
  let label: u8 = 0;
  for (let j: u8 = 1; j < 3; j++) {
    if (logits[j] > logits[label]) label = j; // ties keep the lowest index
  }

  const who = caller();
  lastLabel.set(who, label);
  const micro = new AbiEncoder();
  for (let j = 0; j < 3; j++) micro.int(toMicro(logits[j]), 32);
  Classified.emit().address(who).uint(label, 8).array(3, micro).log();
  return label;
}

/** The label of `account`'s last classification, or -1 when it has made none. */
@view
export function lastResult(account: Address): int16 {
  return lastLabel.has(account) ? <i16>lastLabel.get(account) : -1;
}

/** The species a label stands for. */
@pure
export function labelName(label: uint8): string {
  if (label >= <u8>LABELS.length) revert("unknown label " + label.toString() + " (labels are 0 to 2)");
  return LABELS[label];
}

/** The model's three logits for `features` ([1, 4] f32 in cm). */
function infer(features: Float32Array): Float32Array {
  const handle = new Uint32Array(1);
  const errno = Graph.tryLoadByName(MODEL, handle);
  if (errno == NnErrno.NOT_FOUND) revert("model " + MODEL + " is not registered on this chain");
  if (errno != NnErrno.SUCCESS) revert("model " + MODEL + " cannot be loaded: " + errnoName(errno));
  const context = new Graph(handle[0]).context();
  context.setInput(0, TensorType.F32, [1, 4], Uint8Array.wrap(features.buffer));
  context.compute();
  const logits = context.getOutputF32(0, 3);
  if (logits.length != 3) revert("model " + MODEL + " gave " + logits.length.toString() + " outputs, not 3");
  return logits;
}

/** A logit in millionths, rounded half to even and saturated to int32 (a NaN gives 0). */
function toMicro(logit: f32): i32 {
  const scaled = nearest<f64>(<f64>logit * 1e6);
  if (scaled != scaled) return 0;
  if (scaled >= 2147483647.0) return i32.MAX_VALUE;
  if (scaled <= -2147483648.0) return i32.MIN_VALUE;
  return <i32>scaled;
}
