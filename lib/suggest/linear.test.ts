import { describe, expect, it } from 'vitest'
import { decision, fitLogisticReference, fitLogisticSgd, objective, seededRandom, sigmoid, type SparseExample } from './linear'

/** A tiny, noisy problem: 40 examples over 12 features, the label driven by features 0–2 against 3–5. */
function fixture(seed: number): SparseExample[] {
  const random = seededRandom(seed)
  return Array.from({ length: 40 }, () => {
    const ids = [...new Set(Array.from({ length: 4 }, () => Math.floor(random() * 12)))].sort((a, b) => a - b)
    const signal = ids.filter((i) => i < 3).length - ids.filter((i) => i >= 3 && i < 6).length
    const y = (signal > 0 ? random() < 0.85 : random() < 0.15) ? 1 : 0
    return { ids: Int32Array.from(ids), value: 1 / Math.sqrt(ids.length), y: y as 0 | 1 }
  })
}

describe('fitLogisticSgd against the full-batch reference', () => {
  it.each([1, 2, 3])('reaches the same optimum of the same objective (fixture %i)', (seed) => {
    const examples = fixture(seed)
    const lambda = 0.01
    const reference = fitLogisticReference(examples, 12, lambda, 20_000, 1)
    const sgd = fitLogisticSgd(examples, { dimension: 12, lambda, epochs: 2_000, seed: 7 })
    // The reference is at the optimum: its gradient is ~0, so no step lowers J.
    expect(objective(examples, sgd, lambda)).toBeGreaterThanOrEqual(objective(examples, reference, lambda) - 1e-9)
    expect(objective(examples, sgd, lambda) - objective(examples, reference, lambda)).toBeLessThan(1e-3)
    for (const ex of examples) expect(Math.abs(sigmoid(decision(sgd, ex)) - sigmoid(decision(reference, ex)))).toBeLessThan(0.02)
    for (let j = 0; j < 12; j++) expect(Math.abs(sgd.weights[j] - reference.weights[j])).toBeLessThan(0.1)
  })

  it('learns the sign of each feature', () => {
    const examples = fixture(4)
    const sgd = fitLogisticSgd(examples, { dimension: 12, lambda: 0.01, epochs: 200, seed: 1 })
    for (const j of [0, 1, 2]) expect(sgd.weights[j]).toBeGreaterThan(0)
    for (const j of [3, 4, 5]) expect(sgd.weights[j]).toBeLessThan(0)
  })

  it('is deterministic for a seed', () => {
    const a = fitLogisticSgd(fixture(5), { dimension: 12, lambda: 0.01, epochs: 5, seed: 3 })
    const b = fitLogisticSgd(fixture(5), { dimension: 12, lambda: 0.01, epochs: 5, seed: 3 })
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights))
    expect(a.bias).toBe(b.bias)
  })
})
