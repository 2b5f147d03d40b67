import { describe, expect, it } from 'vitest'
import { DomainError } from '../errors'
import type { ProjectRole } from '../generated/prisma/enums'
import type { Actor } from './actor'
import { authorizeExport, authorizeProject, minimumRole, roleAllows, type ProjectAction } from './permissions'

// DESIGN.md, "Users and roles": annotator < reviewer < manager, each holding every right below it.
const rightsOf: Record<ProjectRole, ProjectAction[]> = {
  // read the project's documents; create, edit and delete own tags
  annotator: ['project.read', 'document.read', 'tag.write'],
  // + approve, reject or send back any tag; see agreement
  reviewer: ['project.read', 'document.read', 'tag.write', 'tag.review', 'agreement.read'],
  // + import documents, correct, archive or delete them, edit the taxonomy, assign documents, manage members (and the project's
  //   settings, such as blind mode); export is a per-project setting (authorizeExport below)
  manager: [
    'project.read',
    'document.read',
    'tag.write',
    'tag.review',
    'agreement.read',
    'document.import',
    'document.edit',
    'taxonomy.edit',
    'assignment.manage',
    'members.manage',
    'project.configure',
  ],
}
const roles: ProjectRole[] = ['annotator', 'reviewer', 'manager']
const actions = Object.keys(minimumRole) as ProjectAction[]

function actorWith(roleByProject: Record<string, ProjectRole>): Actor {
  return {
    id: 'user-1',
    email: 'someone@example.test',
    name: 'Someone',
    isAdmin: false,
    roles: new Map(Object.entries(roleByProject)),
    via: 'session',
  }
}

function thrownBy(call: () => unknown): DomainError {
  try {
    call()
  } catch (error) {
    if (error instanceof DomainError) return error
    throw error
  }
  throw new Error('Expected a DomainError, but the call succeeded.')
}

describe('roleAllows', () => {
  it('knows exactly the actions of the design table', () => {
    expect([...actions].sort()).toEqual([...rightsOf.manager].sort())
  })

  for (const role of roles) {
    for (const action of actions) {
      const allowed = rightsOf[role].includes(action)
      it(`${role} ${allowed ? 'may' : 'may not'} ${action}`, () => {
        expect(roleAllows(role, action)).toBe(allowed)
      })
    }
  }

  it('gives each role every right of the roles below it', () => {
    for (const action of actions) {
      const allowed = roles.map((role) => roleAllows(role, action))
      // once allowed, allowed for every higher role
      expect(allowed.indexOf(true)).toBeGreaterThanOrEqual(0)
      expect(allowed.slice(allowed.indexOf(true)).every(Boolean)).toBe(true)
    }
  })

  it('refuses every action to someone without a role', () => {
    for (const action of actions) expect(roleAllows(undefined, action)).toBe(false)
  })
})

describe('authorizeProject', () => {
  it('returns the role of a member who may take the action', () => {
    const actor = actorWith({ p1: 'reviewer' })
    expect(authorizeProject(actor, 'p1', 'tag.review')).toBe('reviewer')
    expect(authorizeProject(actor, 'p1', 'document.read')).toBe('reviewer')
  })

  it('answers "not found" to a non-member, even for the lowest action', () => {
    const actor = actorWith({ other: 'manager' })
    for (const action of actions) {
      const error = thrownBy(() => authorizeProject(actor, 'p1', action))
      expect(error.code).toBe('not_found')
      expect(error.status).toBe(404)
    }
  })

  it('answers "forbidden" with the needed role when the member\'s role is too low', () => {
    for (const role of roles) {
      for (const action of actions.filter((a) => !rightsOf[role].includes(a))) {
        const error = thrownBy(() => authorizeProject(actorWith({ p1: role }), 'p1', action))
        expect(error.code).toBe('forbidden')
        expect(error.status).toBe(403)
        const needed = roles.find((r) => rightsOf[r].includes(action))
        expect(error.message).toContain(`${needed} role`)
        expect(error.message).toContain(`(${role})`)
        expect(error.message).toMatch(/^[A-Z].*\.$/)
      }
    }
  })

  it('uses the role of the project asked about, not of another project', () => {
    const actor = actorWith({ p1: 'annotator', p2: 'manager' })
    expect(thrownBy(() => authorizeProject(actor, 'p1', 'document.import')).code).toBe('forbidden')
    expect(authorizeProject(actor, 'p2', 'document.import')).toBe('manager')
  })
})

describe('authorizeExport', () => {
  const project = (exportRole: ProjectRole, blindMode = true) => ({ id: 'p1', exportRole, blindMode })

  it('lets managers export whatever the project sets', () => {
    for (const exportRole of roles) expect(authorizeExport(actorWith({ p1: 'manager' }), project(exportRole))).toBe('manager')
  })

  it('refuses roles below the project\'s export role with 403, and non-members with 404', () => {
    expect(thrownBy(() => authorizeExport(actorWith({ p1: 'annotator' }), project('manager'))).status).toBe(403)
    expect(thrownBy(() => authorizeExport(actorWith({ p1: 'reviewer' }), project('manager'))).message).toMatch(/managers and above/)
    expect(authorizeExport(actorWith({ p1: 'reviewer' }), project('reviewer'))).toBe('reviewer')
    expect(thrownBy(() => authorizeExport(actorWith({ p1: 'annotator' }), project('reviewer'))).status).toBe(403)
    expect(thrownBy(() => authorizeExport(actorWith({ other: 'manager' }), project('annotator'))).status).toBe(404)
  })

  it('keeps an annotator to approved tags in blind mode', () => {
    const annotator = actorWith({ p1: 'annotator' })
    expect(authorizeExport(annotator, project('annotator'), ['approved'])).toBe('annotator')
    expect(thrownBy(() => authorizeExport(annotator, project('annotator'), ['approved', 'pending'])).message).toMatch(/blind mode/)
    expect(authorizeExport(annotator, project('annotator', false), ['approved', 'pending'])).toBe('annotator')
    expect(authorizeExport(actorWith({ p1: 'reviewer' }), project('reviewer'), ['pending'])).toBe('reviewer')
  })
})
