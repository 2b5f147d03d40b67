import { z } from 'zod'
import { idSchema, storable } from './common'
import { invitationLinkSchema } from './invitations'

export const emailSchema = storable(z.string({ error: 'must be an email address' }).trim().toLowerCase().max(320, 'must be 320 characters or fewer').email('must be an email address'))
export const userNameSchema = storable(z.string({ error: 'must be text' }).trim().min(1, 'must not be empty').max(100, 'must be 100 characters or fewer'))

export const userParams = z.object({ userId: idSchema })

const flag = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true')

export const listUsersQuery = z
  .object({
    q: storable(z.string().trim().max(200, 'must be 200 characters or fewer')).optional().describe('Part of a name or e-mail address'),
    active: flag.optional().describe('true: active users only; false: deactivated ones only'),
    admin: flag.optional().describe('true: instance admins only; false: everyone else'),
    page: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 or more').max(100_000, 'must be 100,000 or less').default(1),
    pageSize: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 or more').max(200, 'must be 200 or less').default(50),
  })
  .strict()

export const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    isAdmin: z.boolean(),
    active: z.boolean().describe('false: deactivated (cannot sign in; their tags and history stay)'),
    invited: z.boolean().describe('Has no password yet: the invitation link is not used yet (or they sign in only through single sign-on)'),
    createdAt: z.iso.datetime(),
    lastActiveAt: z.iso.datetime().nullable(),
    projectCount: z.number().int(),
  })
  .meta({ id: 'User' })
export type UserView = z.infer<typeof userSchema>

export const userListSchema = z.object({ items: z.array(userSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }).meta({ id: 'UserList' })

export const createUserSchema = z.object({ email: emailSchema, name: userNameSchema }).strict().meta({ id: 'CreateUser' })

export const createdUserSchema = z.object({ user: userSchema, invitation: invitationLinkSchema }).meta({ id: 'CreatedUser' })

export const updateUserSchema = z
  .object({
    active: z.boolean({ error: 'must be true or false' }).optional().describe('false deactivates: their sessions and tokens stop working at the next request; true reactivates'),
    admin: z.boolean({ error: 'must be true or false' }).optional().describe('Grant or take the instance admin right (never the last active admin’s)'),
    resetPassword: z.literal(true, { error: 'must be true' }).optional().describe('Clear the password, end their sessions and tokens, and answer a new invitation link'),
  })
  .strict()
  .refine((v) => v.active !== undefined || v.admin !== undefined || v.resetPassword !== undefined, { message: 'send active, admin or resetPassword', path: ['active'] })
  .meta({ id: 'UpdateUser' })

export const updatedUserSchema = z.object({ user: userSchema, invitation: invitationLinkSchema.nullable() }).meta({ id: 'UpdatedUser' })

/**
 * A pasted list of people, one a line: `Name <email>`, `email`, or `Name, email` / `Name<TAB>email`
 * (as copied from a spreadsheet). Blank lines are skipped. Every line is checked; one bad line
 * refuses the list with its line number, so that nothing is half created.
 */
export function parseUserList(text: string): { entries: { email: string; name: string }[]; problems: string[] } {
  const entries: { email: string; name: string }[] = []
  const problems: string[] = []
  const seen = new Set<string>()
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim()
    if (!line) return
    const angle = /^(.*?)\s*<([^<>]+)>$/.exec(line)
    const split = /^(.*?)\s*[,\t;]\s*(\S+@\S+)$/.exec(line)
    const [namePart, emailPart] = angle ? [angle[1], angle[2]] : split ? [split[1], split[2]] : ['', line]
    const email = emailSchema.safeParse(emailPart)
    if (!email.success) {
      problems.push(`Line ${index + 1} (“${line.slice(0, 80)}”): write “Name <email>” or an e-mail address.`)
      return
    }
    const name = namePart.replace(/^["']|["']$/g, '').trim() || email.data.split('@')[0]
    const parsedName = userNameSchema.safeParse(name)
    if (!parsedName.success) {
      problems.push(`Line ${index + 1}: the name ${parsedName.error.issues[0].message}.`)
      return
    }
    if (seen.has(email.data)) {
      problems.push(`Line ${index + 1}: ${email.data} is already on an earlier line.`)
      return
    }
    seen.add(email.data)
    entries.push({ email: email.data, name: parsedName.data })
  })
  if (entries.length === 0 && problems.length === 0) problems.push('The list is empty: write one person a line, “Name <email>” or an e-mail address.')
  if (entries.length > 500) problems.push('At most 500 people at once.')
  return { entries, problems }
}

export const createUsersSchema = z
  .object({
    list: z
      .string({ error: 'must be text' })
      .max(100_000, 'must be 100,000 characters or fewer')
      .describe('One person a line: "Name <email>", "Name, email", "Name<TAB>email" or an e-mail address; one bad line refuses the whole list'),
  })
  .strict()
  .meta({ id: 'CreateUsers' })

export const createdUsersSchema = z
  .object({
    created: z.array(z.object({ user: userSchema, invitation: invitationLinkSchema })),
    skipped: z.array(z.string()).describe('Addresses that already had a user (not changed)'),
  })
  .meta({ id: 'CreatedUsers' })
