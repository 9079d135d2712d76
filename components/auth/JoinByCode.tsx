'use client'
import { useState } from 'react'
import { normaliseJoinCode } from '../../lib/collab/joinCode'
import { resolveJoinCode } from '../api/apiClient'
import { AuthCard, inputClass, primaryButtonClass } from './AuthCard'

/** `/join`: type the six-character code the facilitator shows (or says) and go on to that invite. */
export function JoinByCode({ initialCode = '' }: { initialCode?: string }) {
  const [code, setCode] = useState(initialCode)
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  async function go(e: React.FormEvent) {
    e.preventDefault()
    const normal = normaliseJoinCode(code)
    if (!normal) return setError('A join code is six letters and digits, like ABC 234.')
    setBusy(true)
    setError(undefined)
    const answer = await resolveJoinCode(normal)
    setBusy(false)
    if (answer.ok) window.location.assign(`/join/${answer.data.token}`)
    else setError(answer.error ?? 'That code did not work.')
  }

  return (
    <AuthCard title="Join a board">
      <form onSubmit={(e) => void go(e)} className="space-y-3" noValidate>
        <label className="block text-sm font-medium text-slate-700">
          Join code
          <input
            className={`${inputClass} font-mono text-lg tracking-widest uppercase`}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            inputMode="text"
            maxLength={9}
            aria-describedby="join-code-help"
            aria-invalid={!!error}
          />
        </label>
        <p id="join-code-help" className="text-sm text-slate-600">
          The six characters the facilitator shows in the People panel, like ABC 234.
        </p>
        {error && (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}
        <button className={primaryButtonClass} disabled={busy}>
          {busy ? 'Checking…' : 'Continue'}
        </button>
      </form>
    </AuthCard>
  )
}
