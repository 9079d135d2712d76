'use client'
import { useCallback, useEffect, useState } from 'react'
import { useEditor } from 'tldraw'
import { can, ROLE_LABELS, ROLES, type Role } from '../../lib/collab/roles'
import type { Invite, Member } from '../../lib/api/memberApi'
import { createInvite as requestInvite, listInvites, listMembers, removeMember, revokeInvite, setMemberRole, type ApiAnswer } from '../api/apiClient'
import { SidePanel } from '../ui/SidePanel'
import { InviteLinkRow } from './InviteLinkRow'
import type { BoardInfo } from '../sync/useBoardInfo'
import type { Collaborator } from '../sync/useBoardSync'

/**
 * Who is on the board (colour, role, online) and, for facilitators, role changes, removal and invite
 * links per role. Every action is checked again by the server.
 */
export function MembersPanel({ info, collaborators, onClose }: { info: BoardInfo; collaborators: Collaborator[]; onClose: () => void }) {
  const editor = useEditor()
  const manage = can(info.role, 'board:manage')
  const [members, setMembers] = useState<Member[]>([])
  const [invites, setInvites] = useState<Invite[]>([])
  const [error, setError] = useState<string>()
  const [inviteRole, setInviteRole] = useState<Role>('participant')
  const [expiresInHours, setExpiresInHours] = useState<string>('168')
  // The link just created is on the clipboard already.
  const [justCopied, setJustCopied] = useState<string>()

  const reload = useCallback(async () => {
    const m = await listMembers(info.id)
    if (m.ok) setMembers(m.data.members)
    if (manage) {
      const i = await listInvites(info.id)
      if (i.ok) setInvites(i.data.invites)
    }
  }, [info.id, manage])
  useEffect(() => void reload(), [reload, collaborators.length])

  async function call<T>(request: Promise<ApiAnswer<T>>): Promise<ApiAnswer<T>> {
    setError(undefined)
    const answer = await request
    if (!answer.ok) setError(answer.error ?? 'That did not work.')
    await reload()
    return answer
  }

  async function createInvite() {
    const answer = await call(requestInvite(info.id, { role: inviteRole, expiresInHours: expiresInHours ? Number(expiresInHours) : undefined }))
    if (answer.ok) {
      await navigator.clipboard?.writeText(answer.data.url).catch(() => undefined)
      setJustCopied(answer.data.token)
    }
  }

  const colorOf = (name: string) => collaborators.find((c) => c.name === name)?.color
  return (
    <SidePanel title="People" closeLabel="Close people panel" onClose={onClose} testId="members-panel" error={error}>
      <ul className="space-y-1" data-testid="member-list">
        {members.map((m) => (
          <li key={m.userId} className="flex items-center gap-2" data-testid={`member-${m.name}`}>
            <span className="inline-block h-3 w-3 rounded-full" style={{ background: colorOf(m.name) ?? '#cbd5e1' }} aria-hidden />
            <span className="flex-1 truncate">
              {m.name}
              {m.kind === 'guest' && <span className="ml-1 text-xs text-slate-400">guest</span>}
              <span className={`ml-2 text-xs ${m.online || collaborators.some((c) => c.name === m.name) ? 'text-green-700' : 'text-slate-400'}`}>
                {m.online || collaborators.some((c) => c.name === m.name) ? 'online' : 'offline'}
              </span>
            </span>
            {manage && !m.isOwner ? (
              <>
                <select aria-label={`Role of ${m.name}`} value={m.role} onChange={(e) => void call(setMemberRole(info.id, m.userId, e.target.value as Role))} className="rounded border px-1 text-xs">
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABELS[r]}
                    </option>
                  ))}
                </select>
                <button aria-label={`Remove ${m.name}`} onClick={() => void call(removeMember(info.id, m.userId))} className="rounded px-1 text-slate-500 hover:bg-red-50 hover:text-red-700">
                  ✕
                </button>
              </>
            ) : (
              <span className="text-xs text-slate-500">{m.isOwner ? 'Owner' : ROLE_LABELS[m.role]}</span>
            )}
          </li>
        ))}
      </ul>
      <section className="mt-3 border-t pt-2">
        <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Here now ({collaborators.length})</h3>
        <ul className="flex flex-wrap gap-x-3 gap-y-1" data-testid="here-now">
          {collaborators.map((c) => (
            <li key={c.clientId} className="flex items-center gap-1 text-xs">
              <span className="inline-block h-2.5 w-2.5 rounded-full" style={{ background: c.color }} aria-hidden />
              {c.isSelf ? `${c.name} (you)` : c.name}
            </li>
          ))}
        </ul>
      </section>
      {collaborators.some((c) => !c.isSelf && c.presenceUserId) && (
        <section className="mt-3 border-t pt-2">
          <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Follow someone&apos;s view</h3>
          <div className="flex flex-wrap gap-1">
            {collaborators
              .filter((c) => !c.isSelf && c.presenceUserId)
              .map((c) => (
                <button key={c.clientId} className="rounded border px-2 py-0.5 text-xs" onClick={() => editor.startFollowingUser(c.presenceUserId!)}>
                  Follow {c.name}
                </button>
              ))}
          </div>
        </section>
      )}
      {manage && (
        <section className="mt-4 border-t pt-3">
          <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Invite links</h3>
          <div className="flex items-end gap-1">
            <label className="flex flex-col text-xs">
              Role
              <select aria-label="Invite role" value={inviteRole} onChange={(e) => setInviteRole(e.target.value as Role)} className="rounded border px-1">
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col text-xs">
              Expires
              <select aria-label="Invite expiry" value={expiresInHours} onChange={(e) => setExpiresInHours(e.target.value)} className="rounded border px-1">
                <option value="24">1 day</option>
                <option value="168">7 days</option>
                <option value="">Never expires</option>
              </select>
            </label>
            <button onClick={() => void createInvite()} className="flex-1 rounded bg-slate-800 px-2 py-1 text-white">
              Create link
            </button>
          </div>
          <ul className="mt-2 space-y-1" data-testid="invite-list">
            {invites
              .filter((i) => !i.revokedAt)
              .map((i) => (
                <InviteLinkRow key={i.token} invite={i} copied={justCopied === i.token} onRevoke={() => void call(revokeInvite(info.id, i.token))} />
              ))}
          </ul>
        </section>
      )}
    </SidePanel>
  )
}
