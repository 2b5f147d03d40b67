import { z } from 'zod'
import { AssignmentState } from '../generated/prisma/enums'
import { idSchema } from './common'

export const assignmentStateSchema = z.enum(AssignmentState)

export const setAssignmentSchema = z.object({ state: assignmentStateSchema }).strict().meta({ id: 'SetAssignment' })

export const assignmentSchema = z
  .object({ documentId: z.string(), state: assignmentStateSchema, updatedAt: z.iso.datetime() })
  .meta({ id: 'Assignment' })

export const assignEvenlySchema = z
  .object({
    annotatorIds: z.array(idSchema).min(1, 'choose at least one annotator').max(200),
    perDocument: z.number().int().min(1, 'must be 1 or more').max(20),
    documentIds: z.array(idSchema).max(100_000).optional().describe('Only these documents (default: all)'),
  })
  .strict()
  .meta({ id: 'AssignEvenly' })

export const setMemberAssignmentSchema = z
  .object({ documentId: idSchema, userId: idSchema, assigned: z.boolean() })
  .strict()
  .meta({ id: 'SetMemberAssignment' })

export const assignmentListSchema = z
  .object({ items: z.array(z.object({ documentId: z.string(), title: z.string(), assignments: z.array(z.object({ userId: z.string(), state: assignmentStateSchema })) })) })
  .meta({ id: 'AssignmentList' })
