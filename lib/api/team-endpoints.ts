// Running a team (issue 12): users and their invitation links, creating and administering projects.
// The member routes are in member-endpoints.ts.
import { instanceAuditListSchema, instanceAuditQuery } from '../schemas/members'
import { adminProjectListSchema, adminProjectSchema, administerProjectSchema, createProjectSchema, projectParams, projectSchema } from '../schemas/projects'
import { createdUserSchema, createdUsersSchema, createUserSchema, createUsersSchema, listUsersQuery, updatedUserSchema, updateUserSchema, userListSchema, userParams } from '../schemas/users'
import { endpoint } from './endpoint-spec'

export const createProjectEndpoint = endpoint({
  method: 'post',
  path: '/projects',
  summary: 'Create a project with a starting taxonomy (empty, the demo one, or given); you become its first manager (instance admins)',
  tag: 'Projects',
  permission: 'instance.admin',
  body: createProjectSchema,
  response: projectSchema,
  status: 201,
  errors: [403, 409],
})

export const administerProjectEndpoint = endpoint({
  method: 'patch',
  path: '/projects/{projectId}/admin',
  summary: 'Rename, archive (read-only, out of the lists) or restore a project (instance admins)',
  tag: 'Projects',
  permission: 'instance.admin',
  params: projectParams,
  body: administerProjectSchema,
  response: adminProjectSchema,
  errors: [403, 404, 409],
})

export const listUsersEndpoint = endpoint({
  method: 'get',
  path: '/users',
  summary: 'The users of this instance: search by name or e-mail, filter by active and admin (instance admins)',
  tag: 'Users',
  permission: 'instance.admin',
  query: listUsersQuery,
  response: userListSchema,
  errors: [403],
})

export const createUserEndpoint = endpoint({
  method: 'post',
  path: '/users',
  summary: 'Create a user by e-mail and name; answers their invitation link, shown once, through which they set a password (instance admins)',
  tag: 'Users',
  permission: 'instance.admin',
  body: createUserSchema,
  response: createdUserSchema,
  status: 201,
  errors: [403, 409],
})

export const updateUserEndpoint = endpoint({
  method: 'patch',
  path: '/users/{userId}',
  summary: 'Deactivate or reactivate a user, grant or take the admin right, or reset their password (a new invitation link); never the last active admin (instance admins)',
  tag: 'Users',
  permission: 'instance.admin',
  params: userParams,
  body: updateUserSchema,
  response: updatedUserSchema,
  errors: [403, 404, 409],
})

export const createUsersEndpoint = endpoint({
  method: 'post',
  path: '/users/batch',
  summary: 'Create several users from a pasted list, each with an invitation link (shown once); one bad line refuses the whole list, addresses that already have a user are skipped and named (instance admins)',
  tag: 'Users',
  permission: 'instance.admin',
  body: createUsersSchema,
  response: createdUsersSchema,
  status: 201,
  errors: [403],
})

export const listAllProjectsEndpoint = endpoint({
  method: 'get',
  path: '/admin/projects',
  summary: 'Every project of the instance, archived ones included, with member, document and label counts (instance admins)',
  tag: 'Projects',
  permission: 'instance.admin',
  response: adminProjectListSchema,
  errors: [403],
})

export const instanceAuditEndpoint = endpoint({
  method: 'get',
  path: '/audit',
  summary: 'The audit log of users, invitations, members and projects, newest first, a page at a time (instance admins)',
  tag: 'Users',
  permission: 'instance.admin',
  query: instanceAuditQuery,
  response: instanceAuditListSchema,
  errors: [403],
})

export const teamEndpoints = [createProjectEndpoint, administerProjectEndpoint, listUsersEndpoint, createUserEndpoint, updateUserEndpoint, createUsersEndpoint, listAllProjectsEndpoint, instanceAuditEndpoint]
