import { createTranslator } from 'next-intl'
import { describe, expect, it } from 'vitest'
import { DomainError } from '../errors'
import type { ProjectRole } from '../generated/prisma/enums'
import type { Actor } from './actor'
import en from '../../messages/api-errors.en.json'
import zh from '../../messages/api-errors.zh-CN.json'
import {
  authorizeExport,
  authorizeExportDelete,
  authorizeExportRead,
  authorizeInstance,
  authorizeProject,
  authorizeTokenCreate,
  exportsApprovedOnly,
  mayReadExport,
  minimumRole,
  roleAllows,
  seesOnlyOwnTags,
  type ProjectAction,
} from './permissions'

// docs/architecture.md, "Roles": annotator < reviewer < manager, each holding every right below it.
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

  it('keeps an annotator to approved tags, or their own tags, in blind mode', () => {
    const annotator = actorWith({ p1: 'annotator' })
    expect(authorizeExport(annotator, project('annotator'), { statuses: ['approved'] })).toBe('annotator')
    const refused = thrownBy(() => authorizeExport(annotator, project('annotator'), { statuses: ['approved', 'pending'] }))
    expect(refused.message).toMatch(/blind mode/)
    expect(refused.i18n?.key).toBe('permission.blindModeApprovedOnly')
    expect(authorizeExport(annotator, project('annotator'), { statuses: ['pending'], annotators: [annotator.id] })).toBe('annotator')
    expect(authorizeExport(annotator, project('annotator'), { statuses: ['pending'], annotators: ['SOMEONE@example.test'] })).toBe('annotator')
    expect(thrownBy(() => authorizeExport(annotator, project('annotator'), { statuses: ['pending'], annotators: [annotator.id, 'user-2'] })).status).toBe(403)
    expect(thrownBy(() => authorizeExport(annotator, project('annotator'), { statuses: ['pending'], annotators: [] })).status).toBe(403)
    expect(authorizeExport(annotator, project('annotator', false), { statuses: ['approved', 'pending'] })).toBe('annotator')
    expect(authorizeExport(actorWith({ p1: 'reviewer' }), project('reviewer'), { statuses: ['pending'] })).toBe('reviewer')
  })
})

describe('seesOnlyOwnTags', () => {
  it('is true for an annotator in blind mode only', () => {
    expect(seesOnlyOwnTags('annotator', { blindMode: true })).toBe(true)
    expect(seesOnlyOwnTags('annotator', { blindMode: false })).toBe(false)
    expect(seesOnlyOwnTags('reviewer', { blindMode: true })).toBe(false)
    expect(seesOnlyOwnTags('manager', { blindMode: true })).toBe(false)
    for (const role of roles) expect(exportsApprovedOnly(role, { blindMode: true })).toBe(seesOnlyOwnTags(role, { blindMode: true }))
  })
})

describe('reading an export (issue #17, hole 1)', () => {
  const project = (exportRole: ProjectRole, blindMode = true) => ({ id: 'p1', exportRole, blindMode })
  const pending = { statuses: ['approved', 'pending'] }
  const approvedOnly = { statuses: ['approved'] }

  it("hides an export of others' open tags from an annotator in blind mode, with a sentence and a key", () => {
    const annotator = actorWith({ p1: 'annotator' })
    expect(mayReadExport(annotator, project('annotator'), pending)).toBe(false)
    const error = thrownBy(() => authorizeExportRead(annotator, project('annotator'), pending))
    expect(error.status).toBe(403)
    expect(error.message).toMatch(/^In blind mode .*\.$/)
    expect(error.i18n?.key).toBe('permission.blindModeExportHidden')
    expect(mayReadExport(annotator, project('annotator'), { statuses: ['pending', 'rejected'], annotators: ['user-2'] })).toBe(false)
  })

  it('lets the annotator read approved-only exports and exports of their own tags', () => {
    const annotator = actorWith({ p1: 'annotator' })
    expect(mayReadExport(annotator, project('annotator'), approvedOnly)).toBe(true)
    expect(authorizeExportRead(annotator, project('annotator'), approvedOnly)).toBe('annotator')
    expect(mayReadExport(annotator, project('annotator'), { statuses: ['pending'], annotators: ['someone@EXAMPLE.test'] })).toBe(true)
    expect(mayReadExport(annotator, project('annotator'), { statuses: [] })).toBe(false)
  })

  it('lets reviewers and managers read every export, and annotators too outside blind mode', () => {
    for (const role of ['reviewer', 'manager'] as const) expect(mayReadExport(actorWith({ p1: role }), project('annotator'), pending)).toBe(true)
    expect(mayReadExport(actorWith({ p1: 'annotator' }), project('annotator', false), pending)).toBe(true)
  })

  it("follows the project's export role, and refuses non-members", () => {
    expect(mayReadExport(actorWith({ p1: 'annotator' }), project('reviewer', false), approvedOnly)).toBe(false)
    expect(thrownBy(() => authorizeExportRead(actorWith({ p1: 'annotator' }), project('reviewer', false), approvedOnly)).i18n?.key).toBe('permission.exportRole')
    expect(mayReadExport(actorWith({ other: 'manager' }), project('annotator'), approvedOnly)).toBe(false)
    expect(thrownBy(() => authorizeExportRead(actorWith({ other: 'manager' }), project('annotator'), approvedOnly)).status).toBe(404)
  })
})

describe('authorizeExportDelete', () => {
  it('lets the person who started an export, or a manager, delete it', () => {
    expect(() => authorizeExportDelete(actorWith({ p1: 'annotator' }), { projectId: 'p1', createdById: 'user-1' })).not.toThrow()
    expect(() => authorizeExportDelete(actorWith({ p1: 'manager' }), { projectId: 'p1', createdById: 'user-2' })).not.toThrow()
    for (const role of ['annotator', 'reviewer'] as const) {
      const error = thrownBy(() => authorizeExportDelete(actorWith({ p1: role }), { projectId: 'p1', createdById: 'user-2' }))
      expect(error.status).toBe(403)
      expect(error.i18n?.key).toBe('permission.exportDeleteNotOwner')
    }
    // A manager of another project is no manager here.
    expect(thrownBy(() => authorizeExportDelete(actorWith({ p2: 'manager', p1: 'reviewer' }), { projectId: 'p1', createdById: 'user-2' })).status).toBe(403)
  })
})

describe('authorizeTokenCreate', () => {
  it('lets a signed-in session create tokens, and never a token', () => {
    expect(() => authorizeTokenCreate(actorWith({}))).not.toThrow()
    const error = thrownBy(() => authorizeTokenCreate({ ...actorWith({}), via: 'token' }))
    expect(error.status).toBe(403)
    expect(error.i18n?.key).toBe('permission.tokenCannotCreateTokens')
  })
})

describe('authorizeInstance', () => {
  it('lets only an instance admin create users and projects or reset passwords', () => {
    for (const action of ['user.create', 'user.resetPassword', 'project.create'] as const) {
      expect(() => authorizeInstance({ ...actorWith({ p1: 'manager' }), isAdmin: true }, action)).not.toThrow()
      const error = thrownBy(() => authorizeInstance(actorWith({ p1: 'manager' }), action))
      expect(error.status).toBe(403)
      expect(error.message).toMatch(/^Only an instance admin may [a-z ]+\.$/)
      expect(error.i18n?.key).toBe('permission.adminOnly')
    }
  })
})

describe('message keys', () => {
  const translators = { en: createTranslator({ locale: 'en', messages: { apiErrors: en } }), 'zh-CN': createTranslator({ locale: 'zh-CN', messages: { apiErrors: zh } }) }
  const translate = (locale: keyof typeof translators, key: string, values?: Record<string, string | number>) =>
    (translators[locale] as unknown as (key: string, values?: Record<string, string | number>) => string)(`apiErrors.${key}`, values)

  it('gives every refusal of this module its English sentence under its key, and a Chinese one', () => {
    const errors: DomainError[] = [
      thrownBy(() => authorizeProject(actorWith({}), 'p1', 'project.read')),
      ...roles.flatMap((role) => actions.filter((a) => !rightsOf[role].includes(a)).map((action) => thrownBy(() => authorizeProject(actorWith({ p1: role }), 'p1', action)))),
      thrownBy(() => authorizeExport(actorWith({ p1: 'annotator' }), { id: 'p1', exportRole: 'manager', blindMode: false })),
      thrownBy(() => authorizeExport(actorWith({ p1: 'reviewer' }), { id: 'p1', exportRole: 'manager', blindMode: false })),
      thrownBy(() => authorizeExport(actorWith({ p1: 'annotator' }), { id: 'p1', exportRole: 'annotator', blindMode: true }, { statuses: ['pending'] })),
      thrownBy(() => authorizeExportRead(actorWith({ p1: 'annotator' }), { id: 'p1', exportRole: 'annotator', blindMode: true }, { statuses: ['pending'] })),
      thrownBy(() => authorizeExportRead(actorWith({}), { id: 'p1', exportRole: 'annotator', blindMode: true }, { statuses: ['pending'] })),
      thrownBy(() => authorizeExportDelete(actorWith({ p1: 'reviewer' }), { projectId: 'p1', createdById: 'user-2' })),
      thrownBy(() => authorizeTokenCreate({ ...actorWith({}), via: 'token' })),
      ...(['user.create', 'user.resetPassword', 'project.create'] as const).map((action) => thrownBy(() => authorizeInstance(actorWith({}), action))),
    ]
    for (const error of errors) {
      expect(error.i18n?.key).toMatch(/^permission\./)
      expect(translate('en', error.i18n!.key, error.i18n!.values)).toBe(error.message)
      const chinese = translate('zh-CN', error.i18n!.key, error.i18n!.values)
      expect(chinese).toMatch(/[\u4e00-\u9fff]/)
      expect(chinese).not.toMatch(/annotator|reviewer|manager|\{/)
    }
  })

  it('has the "not found" sentences the services use', () => {
    for (const what of ['project', 'document', 'export']) {
      expect(translate('en', `permission.${what}NotFound`)).toBe(`The ${what} was not found, or you are not a member of its project.`)
      expect(translate('zh-CN', `permission.${what}NotFound`)).toMatch(/不存在/)
    }
  })
})
