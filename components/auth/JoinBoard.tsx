'use client'
import { useRouter } from 'next/navigation'
import { useEffect, useState } from 'react'
import type { InviteInfo } from '../../lib/api/accountApi'
import { ROLE_LABELS } from '../../lib/collab/roles'
import { acceptInvite, getInvite } from '../api/apiClient'
import { AuthCard, inputClass, primaryButtonClass } from './AuthCard'

/** The page behind an invite link: signed-in people join with one click, guests type a name. */
export function JoinBoard({ token }: { token: string }) {
  const router = useRouter()
  const [invite, setInvite] = useState<InviteInfo>()
  const [error, setError] = useState<string>()
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    void getInvite(token).then((answer) => {
      if (answer.ok) setInvite(answer.data)
      else setError(answer.error ?? 'This invite link is not valid.')
    })
  }, [token])

  async function join(e: React.FormEvent) {
    e.preventDefault()
    setBusy(true)
    const answer = await acceptInvite(token, invite?.signedInAs ? {} : { name })
    setBusy(false)
    if (answer.ok) window.location.assign(`/b/${answer.data.boardId}`)
    else setError(answer.error ?? 'Joining failed.')
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
