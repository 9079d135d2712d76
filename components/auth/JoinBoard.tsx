'use client'
import { useRouter } from 'next/navigation'
import { useEffect, useState } from 'react'
import { ROLE_LABELS, type Role } from '../../lib/collab/roles'
import { AuthCard, inputClass, primaryButtonClass } from './AuthCard'

interface InviteInfo {
  boardId: string
  boardTitle: string
  role: Role
  signedInAs: string | null
}

/** The page behind an invite link: signed-in people join with one click, guests type a name. */
export function JoinBoard({ token }: { token: string }) {
  const router = useRouter()
  const [invite, setInvite] = useState<InviteInfo>()
  const [error, setError] = useState<string>()
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    void fetch(`/api/invites/${encodeURIComponent(token)}`).then(async (res) => {
      const body = (await res.json()) as InviteInfo & { error?: string }
      if (res.ok) setInvite(body)
      else setError(body.error ?? 'This invite link is not valid.')
    })
  }, [token])

  async function join(e: React.FormEvent) {
    e.preventDefault()
    setBusy(true)
    const res = await fetch(`/api/invites/${encodeURIComponent(token)}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(invite?.signedInAs ? {} : { name }),
    })
    const body = (await res.json()) as { boardId?: string; error?: string }
    setBusy(false)
    if (res.ok && body.boardId) window.location.assign(`/b/${body.boardId}`)
    else setError(body.error ?? 'Joining failed.')
  }

  if (error) {
    return (
      <AuthCard title="Cannot join">
        <p role="alert" className="text-red-700">
          {error}
        </p>
        <button className="text-blue-700 underline" onClick={() => router.push('/')}>
          Go to your boards
        </button>
      </AuthCard>
    )
  }
  if (!invite) return <AuthCard title="Opening invite…">{null}</AuthCard>
  return (
    <AuthCard title={`Join “${invite.boardTitle}”`}>
      <p className="text-sm text-slate-600">
        You are invited as <strong>{ROLE_LABELS[invite.role]}</strong>.
      </p>
      <form onSubmit={join} className="space-y-3">
        {invite.signedInAs ? (
          <p className="text-sm">Signed in as {invite.signedInAs}.</p>
        ) : (
          <label className="block text-sm font-medium">
            Your name, as others will see it
            <input name="displayName" required maxLength={60} value={name} onChange={(e) => setName(e.target.value)} className={inputClass} autoFocus />
          </label>
        )}
        <button type="submit" disabled={busy || (!invite.signedInAs && !name.trim())} className={primaryButtonClass}>
          Join board
        </button>
      </form>
      {!invite.signedInAs && (
        <p className="text-xs text-slate-500">
          No account needed. <a className="underline" href={`/signin?callbackUrl=${encodeURIComponent(`/join/${token}`)}`}>Sign in</a> to keep this board on your dashboard.
        </p>
      )}
    </AuthCard>
  )
}
