// Stacking layers for overlapping spans: each span gets the lowest layer not used by a span it
// overlaps, so nested and crossing tags are drawn at different depths (interval graph colouring,
// greedy in start order: optimal for intervals).

export interface Span {
  id: string
  start: number
  end: number
}

export function assignLayers(spans: Span[]): Map<string, number> {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end)
  const layerEnds: number[] = [] // end offset of the span currently occupying each layer
  const result = new Map<string, number>()
  for (const span of sorted) {
    let layer = layerEnds.findIndex((end) => end <= span.start)
    if (layer < 0) {
      layer = layerEnds.length
      layerEnds.push(span.end)
    } else layerEnds[layer] = span.end
    result.set(span.id, layer)
  }
  return result
}
