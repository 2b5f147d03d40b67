// Running a team from the UI alone (issue 12): an admin creates a project and invites a colleague
// from its members page; the colleague sets a password through the link and lands in the project
// with the role given; the project's manager changes the role; the admin deactivates them, and their
// open page is signed out at its next action.
import { expect as baseExpect, test } from './fixtures'
import { storageStateOf } from './roles'

const baseURL = `http://127.0.0.1:${process.env.TEST_PORT ?? 3107}`
// Each step waits on the server (argon2 for the password, a taxonomy written): on a loaded machine that takes a while.
const expect = baseExpect.configure({ timeout: 30_000 })
const english = [{ name: 'TAGBENCH_LOCALE', value: 'en', url: baseURL }]

test('an admin sets up a project and a colleague; the colleague joins through the link; role change; deactivation signs them out', async ({ browser, sql }) => {
  test.setTimeout(180_000)
  const stamp = `${Date.now()}-${process.pid}`
  const projectName = `Team journey ${stamp}`
  const email = `colleague-${stamp}@tagbench.test`
  const localPart = email.split('@')[0]

  const adminContext = await browser.newContext({ storageState: storageStateOf('admin') })
  await adminContext.addCookies(english)
  const admin = await adminContext.newPage()

  // The admin creates the project with the demo taxonomy and lands on its members page as its manager.
  await admin.goto('/admin/projects')
  await admin.getByTestId('new-project-name').fill(projectName)
  await admin.getByTestId('new-project-submit').click()
  await expect(admin).toHaveURL(/\/projects\/[^/]+\/members$/)
  const projectId = admin.url().split('/').at(-2)!
  await expect(admin.getByTestId('member-row')).toHaveCount(1)

  // An address no user has: a new user and an invitation link, shown once.
  await admin.getByTestId('member-email').fill(email)
  await admin.getByTestId('member-role').click()
  await admin.getByRole('option', { name: 'Reviewer' }).click()
  await admin.getByTestId('member-add').click()
  const link = await admin.getByTestId('invitation-url').inputValue()
  expect(link).toMatch(new RegExp(`^${baseURL.replace(/\./g, '\\.')}/invite/[A-Za-z0-9_-]{43}$`))
  await expect(admin.getByTestId('member-row').filter({ hasText: email })).toContainText('invited')

  // The colleague, in a browser of their own, sets a password and lands in the project as a reviewer.
  const colleagueContext = await browser.newContext()
  await colleagueContext.addCookies(english)
  const colleague = await colleagueContext.newPage()
  await colleague.goto(link)
  await colleague.getByTestId('invite-password').fill('colleague-password-123')
  await colleague.getByTestId('invite-confirm').fill('colleague-password-123')
  await colleague.getByTestId('invite-submit').click()
  await expect(colleague).toHaveURL(new RegExp(`/projects/${projectId}$`))
  await expect(colleague.getByRole('heading', { name: projectName })).toBeVisible()
  await expect(colleague.getByText('Reviewer', { exact: true }).first()).toBeVisible()
  // The link works once.
  const again = await colleagueContext.newPage()
  await again.goto(link)
  await expect(again.getByTestId('invite-refused')).toContainText('already used')
  await again.close()

  // The manager (the admin who created the project) makes them an annotator.
  await admin.reload()
  await admin.getByRole('combobox', { name: `Role of ${localPart}` }).click()
  await admin.getByRole('option', { name: 'Annotator' }).click()
  await expect(admin.getByText(`${localPart} is now an annotator.`)).toBeVisible()
  await colleague.reload()
  await expect(colleague.getByText('Annotator', { exact: true }).first()).toBeVisible()

  // The admin deactivates them; their open page is signed out at its next action.
  await admin.goto(`/admin/users?q=${encodeURIComponent(email)}`)
  const row = admin.getByTestId('user-row').filter({ hasText: email })
  await expect(row).toHaveCount(1)
  await row.getByTestId('user-actions').click()
  await admin.getByTestId('user-deactivate').click()
  await expect(row).toContainText('deactivated')
  await colleague.getByRole('tab', { name: 'Taxonomy' }).click()
  await expect(colleague).toHaveURL(/\/sign-in/)

  // Each step is in the audit log.
  const { rows } = await sql.query<{ action: string }>(
    `SELECT e.action FROM "AuditEvent" e JOIN "User" u ON u.id = e."targetUserId" WHERE u.email = $1 ORDER BY e.seq`,
    [email],
  )
  expect(rows.map((r) => r.action)).toEqual(['user.created', 'member.added', 'invitation.redeemed', 'member.role_changed', 'user.deactivated'])
  await adminContext.close()
  await colleagueContext.close()
})
