// Binary L2-regularised logistic regression over sparse binary features, trained by stochastic
// gradient descent (docs/decisions/0027). The objective, for examples (x_i, y_i), y ∈ {0, 1}:
//
//   J(w, b) = (1/n) Σ_i ℓ(w·x_i + b, y_i) + (λ/2) ‖w‖²,   ℓ(z, y) = log(1 + e^z) − y z
//
// (the bias b is not regularised). SGD with Bottou's schedule η_t = η₀ / (1 + η₀ λ t) and the
// weight-scale trick (w = s · v, so the L2 shrink of every step is one multiplication, not a pass over
// all weights) is exact SGD on J; `fitLogisticReference` minimises the same J by plain full-batch
// gradient descent and is what the tests hold the fast one to.

export interface SparseExample {
  /** Feature ids, ascending, without repeats. */
  ids: Int32Array
  /** The value of every feature of this example (binary features, L2-normalised). */
  value: number
  y: 0 | 1
}

export interface LinearModel {
  /** Dense weights over the hash space. */
  weights: Float64Array
  bias: number
}

export interface SgdOptions {
  dimension: number
  lambda: number
  epochs: number
  /** Seed of the example order. */
  seed: number
  eta0?: number
}

/** A small, fast, seeded PRNG (mulberry32): the same data and seed train the same model. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[items[i], items[j]] = [items[j], items[i]]
  }
  return items
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z))
  const e = Math.exp(z)
  return e / (1 + e)
}

export function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-12), 1 - 1e-12)
  return Math.log(q / (1 - q))
}

export function decision(model: { weights: ArrayLike<number>; bias: number }, example: Pick<SparseExample, 'ids' | 'value'>): number {
  let z = 0
  for (let k = 0; k < example.ids.length; k++) z += model.weights[example.ids[k]]
  return z * example.value + model.bias
}

/** Examples packed for training: example k is rows[k], its features features[offsets[r] .. offsets[r + 1]), value 1/√count, label y[k]. */
export interface PackedExamples {
  features: Int32Array
  offsets: Int32Array
  rows: Int32Array
  y: Uint8Array
  /** Per row; default 1/√(number of features), the features' L2 normalisation. */
  values?: Float64Array
}

/** SGD on J over plain examples (packed, then fitLogisticSgdPacked). */
export function fitLogisticSgd(examples: SparseExample[], options: SgdOptions, weights = new Float64Array(options.dimension)): LinearModel {
  const offsets = new Int32Array(examples.length + 1)
  examples.forEach((ex, k) => (offsets[k + 1] = offsets[k] + ex.ids.length))
  const features = new Int32Array(offsets[examples.length])
  examples.forEach((ex, k) => features.set(ex.ids, offsets[k]))
  const packed: PackedExamples = {
    features,
    offsets,
    rows: Int32Array.from(examples, (_, k) => k),
    y: Uint8Array.from(examples, (ex) => ex.y),
    values: Float64Array.from(examples, (ex) => ex.value),
  }
  return fitLogisticSgdPacked(packed, options, weights)
}

/**
 * SGD on J. `weights` may be passed in (a reused buffer, zeroed here) so that training many labels
 * one after the other allocates one dense vector; examples are read in place from one buffer, so a
 * label's training allocates nothing per example.
 */
export function fitLogisticSgdPacked(examples: PackedExamples, options: SgdOptions, weights = new Float64Array(options.dimension)): LinearModel {
  weights.fill(0)
  const { lambda, epochs } = options
  const { features, offsets, rows, y, values } = examples
  const eta0 = options.eta0 ?? 0.5
  const random = seededRandom(options.seed)
  const order = Array.from(rows, (_, k) => k)
  let scale = 1
  let bias = 0
  let t = 0
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleInPlace(order, random)
    for (const k of order) {
      const row = rows[k]
      const from = offsets[row]
      const to = offsets[row + 1]
      const value = values ? values[k] : to > from ? 1 / Math.sqrt(to - from) : 0
      const eta = eta0 / (1 + eta0 * lambda * t)
      t++
      let dot = 0
      for (let f = from; f < to; f++) dot += weights[features[f]]
      const z = dot * scale * value + bias
      const g = sigmoid(z) - y[k] // dℓ/dz
      // The regulariser's step on every weight at once: w ← (1 − ηλ) w.
      scale *= 1 - eta * lambda
      if (g !== 0) {
        const step = (eta * g * value) / scale
        for (let f = from; f < to; f++) weights[features[f]] -= step
        bias -= eta * g
      }
      if (scale < 1e-9) {
        for (let j = 0; j < weights.length; j++) weights[j] *= scale
        scale = 1
      }
    }
  }
  if (scale !== 1) for (let j = 0; j < weights.length; j++) weights[j] *= scale
  return { weights, bias }
}

/** J(w, b) as defined above. */
export function objective(examples: SparseExample[], model: LinearModel, lambda: number): number {
  let loss = 0
  for (const ex of examples) {
    const z = decision(model, ex)
    // log(1 + e^z) − y z, computed without overflow.
    loss += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - ex.y * z
  }
  let norm = 0
  for (const w of model.weights) norm += w * w
  return loss / examples.length + (lambda / 2) * norm
}

/**
 * The reference: plain full-batch gradient descent on J, dense and slow, with a fixed step and many
 * iterations. Nothing clever, so that it is obviously right; for tests on tiny fixtures only.
 */
export function fitLogisticReference(examples: SparseExample[], dimension: number, lambda: number, iterations = 20_000, step = 1): LinearModel {
  const weights = new Float64Array(dimension)
  let bias = 0
  const n = examples.length
  for (let it = 0; it < iterations; it++) {
    const grad = new Float64Array(dimension)
    let gradBias = 0
    for (const ex of examples) {
      const g = sigmoid(decision({ weights, bias }, ex)) - ex.y
      for (const id of ex.ids) grad[id] += (g * ex.value) / n
      gradBias += g / n
    }
    for (let j = 0; j < dimension; j++) weights[j] -= step * (grad[j] + lambda * weights[j])
    bias -= step * gradBias
  }
  return { weights, bias }
}
