// The document page's way to its curation, for reviewers, once two or more annotators tagged it.
import { getTranslations } from 'next-intl/server'
import { AnchorLink } from '@/components/ui/links'

export async function CurationLink(props: { documentId: string; annotators: number }) {
  if (props.annotators < 2) return null
  const t = await getTranslations('curation')
  return (
    <AnchorLink href={`/documents/${props.documentId}/curation`} prefetch={false} fz="sm" data-testid="curation-link">
      {t('documentLink')}
    </AnchorLink>
  )
}
