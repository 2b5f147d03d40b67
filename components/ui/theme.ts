import { createTheme } from '@mantine/core'

// System CJK fonts (PingFang on macOS, Microsoft YaHei on Windows, Noto CJK on Linux): nothing to download.
const sans =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", sans-serif'

export const theme = createTheme({
  fontFamily: sans,
  headings: { fontFamily: sans, fontWeight: '600' },
  primaryColor: 'indigo',
  defaultRadius: 'md',
  cursorType: 'pointer',
})

export const readingFont = '"Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif'
