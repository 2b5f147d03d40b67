import { z } from 'zod'

export const assignmentStateSchema = z.enum(['todo', 'in_progress', 'done'])

export const setAssignmentSchema = z.object({ state: assignmentStateSchema }).strict().meta({ id: 'SetAssignment' })

export const assignmentSchema = z
  .object({ documentId: z.string(), state: assignmentStateSchema, updatedAt: z.iso.datetime() })
  .meta({ id: 'Assignment' })
