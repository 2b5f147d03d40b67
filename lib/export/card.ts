// The dataset card (README.md in every export): what the corpus is, how it was selected, the
// taxonomy with its guidelines, counts, agreement, and how to load each file with Python's json alone.
import type { Manifest } from './engine'

const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '–' : n.toFixed(3))
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')

function loading(manifest: Manifest): string {
  const first = manifest.files[0]?.name ?? 'corpus.jsonl'
  switch (manifest.format) {
    case 'jsonl':
      return `\`\`\`python
import json
with open("${first}", encoding="utf-8") as f:
    for line in f:
        doc = json.loads(line)
        for span in doc["spans"]:
            assert doc["text"][span["start"]:span["end"]] == span["text"]
\`\`\``
    case 'doccano':
      return `In doccano: Dataset → Import → Sequence Labeling → JSONL, label key \`label\` (turn on "allow overlapping spans" in the project if spans overlap). The offsets count code points, as Python does; doccano's editor counts UTF-16 units, so inside doccano a span after a character outside the Basic Multilingual Plane (such as 𠮷 or an emoji) shows one position off per such character. In Python:

\`\`\`python
import json
with open("${first}", encoding="utf-8") as f:
    for line in f:
        record = json.loads(line)
        spans = [(record["text"][s:e], label) for s, e, label in record["label"]]
\`\`\``
    case 'label-studio':
      return `In Label Studio: create a project with the labelling interface in \`label-studio-config.xml\` (Settings → Labeling Interface → Code), then import \`${first}\`. In Python:

\`\`\`python
import json
tasks = json.load(open("${first}", encoding="utf-8"))
for task in tasks:
    for annotation in task["annotations"]:
        for r in annotation["result"]:
            assert task["data"]["text"][r["value"]["start"]:r["value"]["end"]] == r["value"]["text"]
\`\`\``
    case 'conll':
      return `\`\`\`python
documents, sentences, current, doc_id = {}, [], [], None
with open("${first}", encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\\n")
        if line.startswith("# doc_id = "):
            doc_id = line[len("# doc_id = "):]
            sentences = documents.setdefault(doc_id, [])
        elif line.startswith("# "):
            continue  # other comments (the title)
        elif not line:
            sentences.append(current); current = []
        else:
            char, *tags = line.split("\\t")
            current.append((char, tags))
\`\`\``
    case 'sentences':
      return `\`\`\`python
import json
with open("${first}", encoding="utf-8") as f:
    rows = [json.loads(line) for line in f]   # doc_id, sentence_index, start, end, text, labels
\`\`\``
  }
}

export function datasetCard(manifest: Manifest): string {
  const m = manifest
  const out: string[] = []
  out.push(`# ${m.project.name}: labelled corpus (${m.format})`, '')
  out.push(
    `Passages of Chinese rule-of-law government reports (法治政府建设年度报告) tagged against the project's taxonomy in Tagbench ${m.tool.version}, exported on ${m.created_at}${m.created_by ? ` by ${m.created_by.name}` : ''}.`,
  )
  if (m.project.description) out.push('', m.project.description)
  out.push('', `**${m.counts.documents}** documents, **${m.counts.spans}** spans. ${m.format_description}`, '')
  out.push('Offsets count Unicode **code points**, end exclusive: in Python `text[start:end]` is the span\'s text.', '')

  out.push('## Files', '', '| file | records | bytes | SHA-256 |', '|---|---:|---:|---|')
  for (const f of m.files) out.push(`| ${f.name} | ${f.records ?? ''} | ${f.bytes} | \`${f.sha256}\` |`)
  out.push('| manifest.json | | | (this export\'s full description, as JSON) |', '')

  out.push('## How it was selected', '')
  const f = m.filters
  out.push(`- Statuses: ${f.status.join(', ')} (deleted tags are never exported)`)
  out.push(
    m.layer.chosen === 'gold'
      ? `- Tags: **gold (curated) tags**. The ${m.layer.curated_documents} curated document(s) (every curation row decided) are written with their gold tags, one version per passage (status \`gold\`, annotator: the curator, source \`curation\`). The other ${m.layer.other_documents} document(s), not curated or curated only in part, are written with their annotators' tags of the statuses above.`
      : "- Tags: the annotators' own tags of the statuses above (not the curated gold layer); a passage two annotators tagged can appear twice.",
  )
  out.push(`- Labels: ${f.labels ? f.labels.join('; ') + ' (with their sub-labels)' : 'all'}`)
  out.push(`- Documents: ${f.documents ? Object.entries(f.documents).map(([k, v]) => `${k}: ${(v as unknown[]).join(', ')}`).join('; ') : 'all'}${f.includeUntagged ? ', including those with no selected tag' : ', only those holding at least one selected tag'}`)
  out.push(`- Annotators: ${f.annotators ? f.annotators.join(', ') : 'all'}`)
  if (f.from || f.to) out.push(`- Tagged between ${f.from ?? 'the start'} and ${f.to ?? 'now'}`)
  if (m.split) {
    out.push('', '## Split', '', `By document, ratios ${m.split.ratios.join(' / ')}, seed ${m.split.seed}: ${m.split.method}.`, '')
    out.push('| part | documents | spans |', '|---|---:|---:|')
    for (const [part, c] of Object.entries(m.split.parts)) out.push(`| ${part} | ${c.documents} | ${c.spans} |`)
  }

  if (m.format === 'conll') {
    const r = m.format_report as { columns?: string[]; policy?: string; spansNotRepresented?: number; layers?: string; sentencesJoined?: number; spansAcrossSentences?: number }
    out.push('', '## CoNLL columns and overlaps', '')
    out.push(`Columns (tab-separated): ${(r.columns ?? []).join(' · ')}. Layers: ${r.layers === 'single' ? 'a single BIO column' : 'one BIO column per top-level label'}. Tags are \`B-\`/\`I-\` followed by the label's full path. A blank line ends each sentence (after 。！？； and at line breaks); whitespace characters are left out. Each document begins with the comment lines \`# doc_id = …\` and \`# title = …\` (a character line always has a tab after its character, so a line starting with \`# \` is a comment). \`manifest.json\` lists each document's sentence count in file order.`)
    out.push('', `A span is never cut: where a span runs across a sentence end, the sentences it crosses are written as one CoNLL sentence. In this file **${r.spansAcrossSentences ?? 0}** span(s) crossed a sentence end, and **${r.sentencesJoined ?? 0}** sentence end(s) were not written as a boundary for that reason.`)
    out.push('', `Overlapping spans: ${r.policy}. **${r.spansNotRepresented ?? 0}** span(s) could not be represented in this file (see \`format_report\` in manifest.json).`)
  }

  const asOf = m.taxonomy.as_of_version
  out.push('', '## Taxonomy', '', asOf ? `As of version ${asOf.version} (the project's taxonomy is at version ${m.taxonomy.current_version}): the labels, their paths and each tag's label are written as they were then; merges and splits made later are taken back${asOf.tags_left_out ? `, and ${asOf.tags_left_out} tag(s) on labels made later are left out` : ''}.` : `Version ${m.taxonomy.version}.`, '')
  for (const l of m.taxonomy.labels) {
    const indent = '  '.repeat(l.path.length - 1)
    const state = l.merged_into ? ` (merged into ${l.merged_into.join('/')}: its tags are there)` : l.archived ? ' (archived)' : ''
    out.push(`${indent}- **${l.name}**${l.en ? ` (${l.en})` : ''}${state}${l.guideline ? `: ${l.guideline.replace(/\s*\n\s*/g, ' ')}` : ''}`)
  }
  const changes = m.taxonomy.changes.filter((c) => c.action !== 'created')
  if (changes.length > 0) {
    out.push('', `The taxonomy changed ${changes.length} time(s) after its labels were created (renames, moves, merges, archives); \`taxonomy.changes\` in manifest.json lists each with its version, before and after. Tags reference labels by id, so a renamed or moved label keeps its tags, and a merged label's tags moved to the label it was merged into.`)
  }

  out.push('', '## Spans per label', '', '| label | ' + Object.keys(m.counts.per_status).join(' | ') + ' |', '|---|' + Object.keys(m.counts.per_status).map(() => '---:').join('|') + '|')
  for (const [label, byStatus] of Object.entries(m.counts.per_label).sort(([a], [b]) => (a < b ? -1 : 1))) {
    out.push(`| ${cell(label)} | ${Object.keys(m.counts.per_status).map((s) => byStatus[s] ?? 0).join(' | ')} |`)
  }

  out.push('', '## Agreement between annotators', '')
  if (!m.agreement) out.push('No document of this export was tagged by two or more annotators, so there is no agreement to report.')
  else {
    out.push(`Over ${m.agreement.documents} documents and ${m.agreement.annotators} annotators (${m.agreement.scope}). Exact-span F1, character-overlap F1 and Cohen's κ over characters, averaged over annotator pairs.`, '')
    for (const level of m.agreement.levels) {
      out.push(`### ${level.level === 'top' ? 'Top-level labels' : 'Leaf labels'} (${level.pairs} pairs; macro exact F1 ${fmt(level.macro.exactF1)}, overlap F1 ${fmt(level.macro.overlapF1)}, κ ${fmt(level.macro.kappa)})`, '')
      out.push('| label | pairs | exact F1 | overlap F1 | κ |', '|---|---:|---:|---:|---:|')
      for (const l of level.labels) out.push(`| ${cell(l.label)} | ${l.pairs} | ${fmt(l.exactF1)} | ${fmt(l.overlapF1)} | ${fmt(l.kappa)} |`)
      out.push('')
    }
  }

  out.push('', '## How to load it', '', loading(m), '')
  return out.join('\n')
}
