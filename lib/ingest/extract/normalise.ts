// The one normalisation every stored text goes through (docs/decisions/0018-text-normalisation-on-import.md).
// It only touches line structure and invisible characters; the characters a quote is made of stay as
// they were (no NFKC, full-width punctuation, U+3000 and U+00A0 kept).

/**
 * Line ends → "\n"; C0 control characters other than tab and newline dropped; spaces and tabs at the
 * end of a line dropped; runs of blank lines → one blank line; blank lines at the start and end dropped.
 */
export function normaliseText(raw: string): string {
  return raw
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufeff]/g, '')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '')
}
