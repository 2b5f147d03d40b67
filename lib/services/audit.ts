// The team's audit log (AuditEvent, append-only: a trigger refuses UPDATE, DELETE and TRUNCATE).
// Every change to members, users, invitations and projects writes one row in the transaction that
// makes the change, with the state before and after; instance admins read the whole log.
import { randomUUID } from 'node:crypto'
import type { Actor } from '../auth/actor'
import { authorizeInstance } from '../auth/permissions'
import { query, sql, type Connection } from '../db/sql'

export type AuditAction =
  | 'member.added'
  | 'member.role_changed'
  | 'member.removed'
  | 'user.created'
  | 'user.deactivated'
  | 'user.reactivated'
  | 'user.admin_granted'
  | 'user.admin_revoked'
  | 'user.password_reset'
  | 'user.password_changed'
  | 'invitation.redeemed'
  | 'project.created'
  | 'project.renamed'
  | 'project.archived'
  | 'project.restored'

export interface AuditEntry {
  actorId: string
  action: AuditAction
  projectId?: string | null
  targetUserId?: string | null
  before: unknown
  after: unknown
}

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value))

/** Appends one row, on the caller's transaction. */
export async function writeAudit(tx: Connection, entry: AuditEntry): Promise<void> {
  await tx.query(sql`
    INSERT INTO "AuditEvent" (id, "actorId", action, "projectId", "targetUserId", before, after)
    VALUES (${randomUUID()}, ${entry.actorId}, ${entry.action}, ${entry.projectId ?? null}, ${entry.targetUserId ?? null}, ${json(entry.before)}::jsonb, ${json(entry.after)}::jsonb)`)
}

export interface AuditRow {
  id: string
  action: string
  actorName: string
  actorEmail: string
  targetName: string | null
  targetEmail: string | null
  projectName: string | null
  before: unknown
  after: unknown
  createdAt: string
}

/** The whole log, newest first, a page at a time (instance admins). */
export async function listAudit(actor: Actor, input: { page: number; pageSize: number }): Promise<{ items: AuditRow[]; total: number; page: number; pageSize: number }> {
  authorizeInstance(actor, 'audit.read')
  const [rows, [count]] = await Promise.all([
    query<Omit<AuditRow, 'createdAt'> & { createdAt: Date }>(sql`
      SELECT e.id, e.action, a.name AS "actorName", a.email AS "actorEmail", t.name AS "targetName", t.email AS "targetEmail", p.name AS "projectName", e.before, e.after, e."createdAt"
      FROM "AuditEvent" e JOIN "User" a ON a.id = e."actorId" LEFT JOIN "User" t ON t.id = e."targetUserId" LEFT JOIN "Project" p ON p.id = e."projectId"
      ORDER BY e.seq DESC LIMIT ${input.pageSize} OFFSET ${(input.page - 1) * input.pageSize}`),
    query<{ total: number }>(sql`SELECT count(*)::int AS total FROM "AuditEvent"`),
  ])
  return { items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })), total: count.total, page: input.page, pageSize: input.pageSize }
}
