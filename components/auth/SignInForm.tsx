'use client'
import { getProviders, signIn } from 'next-auth/react'
import { useRouter, useSearchParams } from 'next/navigation'
import { useEffect, useState } from 'react'
import { getSafeCallbackUrl } from '../../lib/auth/getSafeCallbackUrl'
import { AuthCard, inputClass, primaryButtonClass } from './AuthCard'

export function SignInForm() {
  const router = useRouter()
  const params = useSearchParams()
  const callbackUrl = getSafeCallbackUrl(params.get('callbackUrl'))
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [oauth, setOauth] = useState<{ id: string; name: string }[]>([])

  useEffect(() => {
    void getProviders().then((p) => setOauth(Object.values(p ?? {}).filter((x) => x.type === 'oauth')))
  }, [])

  async function submit(e: React.FormEvent) {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    const result = await signIn('credentials', { email, password, redirect: false })
    setBusy(false)
    if (result?.ok) return router.push(callbackUrl)
    setError(result?.error && result.error !== 'CredentialsSignin' ? result.error : 'Wrong email or password.')
  }

  return (
    <AuthCard title="Sign in">
      <form onSubmit={submit} className="space-y-3">
        <label className="block text-sm font-medium">
          Email
          <input name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} className={inputClass} />
        </label>
        <label className="block text-sm font-medium">
          Password
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} className={inputClass} />
        </label>
        {error && (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy} className={primaryButtonClass}>
          Sign in
        </button>
      </form>
      {oauth.map((p) => (
        <button key={p.id} onClick={() => void signIn(p.id, { callbackUrl })} className="w-full rounded-md border px-4 py-2">
          Continue with {p.name}
        </button>
      ))}
      <p className="text-sm text-slate-600">
        New here?{' '}
        <a className="text-blue-700 underline" href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>
          Create an account
        </a>
      </p>
    </AuthCard>
  )
}
