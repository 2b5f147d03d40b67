// The review page's list of documents to curate: those two or more annotators tagged, with how far
// their curation got (docs/decisions/0025). A server component: Mantine's compound parts (Table.Td)
// are not reachable through a client reference here, so the named parts are imported.
import { Badge, Group, Paper, Table, TableTbody, TableTd, TableTr, Text, Title } from '@mantine/core'
import { getTranslations } from 'next-intl/server'
import { AnchorLink } from '@/components/ui/links'
import type { CurationOverviewItem } from '@/lib/schemas/curation'

export async function CurationDocuments(props: { items: CurationOverviewItem[] }) {
  const t = await getTranslations('curation')
  if (props.items.length === 0) return null
  return (
    <Paper withBorder p="sm" mb="md" data-testid="curation-documents">
      <Title order={4} mb={4}>
        {t('documentsTitle')}
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        {t('documentsHint')}
      </Text>
      <Table striped withRowBorders={false} verticalSpacing={4}>
        <TableTbody>
          {props.items.map((item) => (
            <TableTr key={item.documentId}>
              <TableTd>
                <AnchorLink href={`/documents/${item.documentId}/curation`} prefetch={false}>
                  {item.title}
                </AnchorLink>
              </TableTd>
              <TableTd>
                <Text size="xs">{t('annotatorCount', { count: item.annotators })}</Text>
              </TableTd>
              <TableTd>
                <Group gap={4}>
                  {item.remaining === null ? (
                    <Badge size="xs" variant="light" color="orange">
                      {t('notStarted')}
                    </Badge>
                  ) : item.remaining === 0 ? (
                    <Badge size="xs" color="green">
                      {t('curated')}
                    </Badge>
                  ) : (
                    <Badge size="xs" variant="light">
                      {t('rowsLeft', { count: item.remaining })}
                    </Badge>
                  )}
                </Group>
              </TableTd>
            </TableTr>
          ))}
        </TableTbody>
      </Table>
    </Paper>
  )
}
