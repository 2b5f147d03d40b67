// The files a manager dropped or picked, with their paths inside any dropped folder: a folder
// dropped on the page arrives as a FileSystemDirectoryEntry whose files must be walked.

export interface PickedFile {
  path: string
  file: File
}

/** Files of an <input type=file> (with webkitdirectory, each knows its path inside the folder). */
export function pickedFiles(list: FileList | File[]): PickedFile[] {
  return Array.from(list).map((file) => ({ path: file.webkitRelativePath || file.name, file }))
}

const readEntries = (reader: FileSystemDirectoryReader) => new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject))
const fileOf = (entry: FileSystemFileEntry) => new Promise<File>((resolve, reject) => entry.file(resolve, reject))

async function walk(entry: FileSystemEntry, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    out.push({ path: entry.fullPath.replace(/^\//, ''), file: await fileOf(entry as FileSystemFileEntry) })
    return
  }
  if (!entry.isDirectory) return
  const reader = (entry as FileSystemDirectoryEntry).createReader()
  // readEntries answers in chunks (100 in Chromium) until it answers with none.
  for (;;) {
    const batch = await readEntries(reader)
    if (batch.length === 0) break
    for (const child of batch) await walk(child, out)
  }
}

/** Everything dropped: files, and the files of dropped folders (nested) with their paths. */
export async function droppedFiles(data: DataTransfer): Promise<PickedFile[]> {
  const entries = Array.from(data.items)
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry?.() : null))
    .filter((e): e is FileSystemEntry => Boolean(e))
  if (entries.length === 0) return pickedFiles(data.files)
  const out: PickedFile[] = []
  for (const entry of entries) await walk(entry, out)
  return out
}

/** Files no one means to import: the operating system's own. */
export const isIgnorable = (p: string) => /(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini)$/i.test(p) || p.includes('__MACOSX/')
