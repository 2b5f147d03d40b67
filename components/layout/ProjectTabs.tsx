'use client'

import { Tabs, TabsList, TabsTab } from '@mantine/core'
import Link from 'next/link'

export function ProjectTabs({ active, tabs }: { active: string; tabs: { value: string; label: string; href: string }[] }) {
  return (
    <Tabs value={active}>
      <TabsList style={{ borderBottom: 0 }}>
        {tabs.map((tab) => (
          <TabsTab key={tab.value} value={tab.value} renderRoot={(props) => <Link {...props} href={tab.href} />}>
            {tab.label}
          </TabsTab>
        ))}
      </TabsList>
    </Tabs>
  )
}
