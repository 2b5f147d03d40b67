import { z } from 'zod'
import { ProjectRole } from '../generated/prisma/enums'
import { idSchema, storable } from './common'
import { invitationLinkSchema } from './invitations'

export const memberParams = z.object({ projectId: idSchema, userId: idSchema })

export const memberSchema = z
  .object({
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    role: z.enum(ProjectRole),
    disabled: z.boolean().describe('A deactivated user: their tags and history stay, they cannot sign in'),
    invited: z.boolean().describe('Has no password yet: their invitation link is not used yet (or they sign in only through single sign-on)'),
    joinedAt: z.iso.datetime(),
    lastActiveAt: z.iso.datetime().nullable().describe('Latest use of any of their sessions or tokens (to the minute); null when never'),
    tagCount: z.number().int().describe('Their tags in this project (deleted ones not counted)'),
  })
  .meta({ id: 'Member' })
export type MemberView = z.infer<typeof memberSchema>

export const addedMemberSchema = memberSchema
  .extend({ invitation: invitationLinkSchema.nullable().describe('For an address no user had: the new user’s invitation link, shown once') })
  .meta({ id: 'AddedMember' })

export const memberListSchema = z.object({ items: z.array(memberSchema) }).meta({ id: 'MemberList' })

export const addMemberSchema = z
  .object({
    email: storable(z.string().trim().toLowerCase().max(320, 'must be 320 characters or fewer').email('must be an email address')).describe('The e-mail address of a user; an address no user has gets a new user and an invitation link'),
    role: z.enum(ProjectRole, { error: 'must be annotator, reviewer or manager' }),
  })
  .strict()
  .meta({ id: 'AddMember' })

export const changeRoleSchema = z
  .object({ role: z.enum(ProjectRole, { error: 'must be annotator, reviewer or manager' }) })
  .strict()
  .meta({ id: 'ChangeMemberRole' })

export const removeMemberResultSchema = z.object({ removed: z.literal(true) }).meta({ id: 'RemoveMemberResult' })

export const auditEventSchema = z
  .object({
    id: z.string(),
    action: z.string().describe('member.added, member.role_changed, member.removed, user.created, user.deactivated, user.reactivated, user.admin_granted, user.admin_revoked, user.password_reset, user.password_changed, invitation.redeemed, project.created, project.renamed, project.archived, project.restored'),
    actorName: z.string(),
    targetName: z.string().nullable(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'AuditEvent' })

export const auditListSchema = z.object({ items: z.array(auditEventSchema) }).meta({ id: 'AuditEventList' })

export const instanceAuditQuery = z
  .object({
    page: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 or more').max(1_000_000, 'must be 1,000,000 or less').default(1),
    pageSize: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 or more').max(200, 'must be 200 or less').default(50),
  })
  .strict()

export const instanceAuditListSchema = z
  .object({
    items: z.array(auditEventSchema.extend({ actorEmail: z.string(), targetEmail: z.string().nullable(), projectName: z.string().nullable() })),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'InstanceAuditList' })
