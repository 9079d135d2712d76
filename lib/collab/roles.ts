/**
 * Who may do what on a board: one table shared by the sync server, the API routes and the UI.
 * The UI hides what a role cannot do; the server refuses it.
 */
export const ROLES = ['facilitator', 'lead', 'participant', 'viewer'] as const
export type Role = (typeof ROLES)[number]

export const CAPABILITIES = [
  /** Open the board and receive its content. */
  'board:read',
  /** Send presence (cursor, name) through awareness. */
  'presence',
  /** Change the document: notes, shapes, text. */
  'board:edit',
  /** Place and remove dot votes. */
  'vote',
  /** Download the structured journey and images. */
  'board:export',
  /** Mark a version of the board as agreed. */
  'board:markAgreed',
  /** Run the session: timer, votes, private mode, follow-me, locks, grid structure. */
  'session:facilitate',
  /** Members, roles, invites, rename, archive, delete. */
  'board:manage',
] as const
export type Capability = (typeof CAPABILITIES)[number]

const GRANTS: Record<Role, readonly Capability[]> = {
  facilitator: CAPABILITIES,
  lead: ['board:read', 'presence', 'board:edit', 'vote', 'board:export', 'board:markAgreed'],
  participant: ['board:read', 'presence', 'board:edit', 'vote'],
  viewer: ['board:read', 'presence'],
}

/** Whether a role has a capability. Unknown roles have none. */
export function can(role: Role | undefined | null, capability: Capability): boolean {
  return !!role && (GRANTS[role]?.includes(capability) ?? false)
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/** Human names for the roles, for menus and invite links. */
export const ROLE_LABELS: Record<Role, string> = {
  facilitator: 'Facilitator',
  lead: 'Lead',
  participant: 'Participant',
  viewer: 'Viewer',
}
