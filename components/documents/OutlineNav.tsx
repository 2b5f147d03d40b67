import { NavLink, ScrollAreaAutosize, Text } from '@mantine/core'
import { getTranslations } from 'next-intl/server'

export interface OutlineLink {
  level: 1 | 2 | 3
  title: string
  paragraph: number
}

export async function OutlineNav({ entries }: { entries: OutlineLink[] }) {
  const t = await getTranslations('document')
  return (
    <nav aria-label={t('outline')} data-testid="outline">
      <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb="xs">
        {t('outline')}
      </Text>
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed">{t('noOutline')}</Text>
      ) : (
        <ScrollAreaAutosize mah="calc(100vh - 180px)" type="auto" offsetScrollbars>
          {entries.map((e, i) => (
            <NavLink
              key={i}
              href={`#p-${e.paragraph}`}
              label={e.title}
              pl={4 + (e.level - 1) * 14}
              py={4}
              styles={{ label: { fontSize: e.level === 1 ? 14 : 13, fontWeight: e.level === 1 ? 600 : 400, lineHeight: 1.4 } }}
              c={e.level === 3 ? 'dimmed' : undefined}
            />
          ))}
        </ScrollAreaAutosize>
      )}
    </nav>
  )
}
