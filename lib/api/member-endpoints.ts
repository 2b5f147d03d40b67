// A project's team (issue 12): its members, their roles, and the audit log of changes.
import { addedMemberSchema, addMemberSchema, auditListSchema, changeRoleSchema, memberListSchema, memberParams, memberSchema, removeMemberResultSchema } from '../schemas/members'
import { projectParams } from '../schemas/projects'
import { endpoint } from './endpoint-spec'

export const listMembersEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/members',
  summary: "The project's members with their roles, managers first",
  tag: 'Members',
  permission: { action: 'project.read', of: 'projectId' },
  params: projectParams,
  response: memberListSchema,
  errors: [403, 404],
})

export const addMemberEndpoint = endpoint({
  method: 'post',
  path: '/projects/{projectId}/members',
  summary: 'Add a user to the project by e-mail, with a role (managers); an address no user has gets a new user and an invitation link',
  tag: 'Members',
  permission: { action: 'members.manage', of: 'projectId' },
  params: projectParams,
  body: addMemberSchema,
  response: addedMemberSchema,
  status: 201,
  errors: [403, 404, 409],
})

export const changeMemberRoleEndpoint = endpoint({
  method: 'patch',
  path: '/projects/{projectId}/members/{userId}',
  summary: "Change a member's role (managers); the last manager cannot be demoted",
  tag: 'Members',
  permission: { action: 'members.manage', of: 'projectId' },
  params: memberParams,
  body: changeRoleSchema,
  response: memberSchema,
  errors: [403, 404, 409],
})

export const removeMemberEndpoint = endpoint({
  method: 'delete',
  path: '/projects/{projectId}/members/{userId}',
  summary: 'Remove a member (managers); their tags and history stay, attributed. The last manager cannot be removed',
  tag: 'Members',
  permission: { action: 'members.manage', of: 'projectId' },
  params: memberParams,
  response: removeMemberResultSchema,
  errors: [403, 404, 409],
})

export const projectAuditEndpoint = endpoint({
  method: 'get',
  path: '/projects/{projectId}/audit',
  summary: "The project's audit log, newest first: members added, roles changed, members removed (managers)",
  tag: 'Members',
  permission: { action: 'members.manage', of: 'projectId' },
  params: projectParams,
  response: auditListSchema,
  errors: [403, 404],
})

export const memberEndpoints = [listMembersEndpoint, addMemberEndpoint, changeMemberRoleEndpoint, removeMemberEndpoint, projectAuditEndpoint]
