'use client'

// Mantine components rendered as Next links. They live in a client module because a server
// component cannot pass the Link component itself across the client boundary.
import { Anchor, Button, Card, type AnchorProps, type ButtonProps, type CardProps } from '@mantine/core'
import Link from 'next/link'
import type { ReactNode } from 'react'

type WithHref = {
  href: string
  children?: ReactNode
  'data-testid'?: string
  /** Next's prefetch; false where a page is opened often and the link rarely followed (each prefetch is a server render). */
  prefetch?: boolean
}

export function AnchorLink(props: AnchorProps & WithHref) {
  return <Anchor component={Link} {...props} />
}

export function ButtonLink(props: ButtonProps & WithHref) {
  return <Button component={Link} {...props} />
}

export function CardLink(props: CardProps & WithHref) {
  return <Card component={Link} {...props} />
}
