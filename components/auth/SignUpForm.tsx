'use client'
import { signIn } from 'next-auth/react'
import { useRouter, useSearchParams } from 'next/navigation'
import { useState } from 'react'
import { signUp } from '../api/apiClient'
import { AuthCard, inputClass, primaryButtonClass } from './AuthCard'
import { getSafeCallbackUrl } from '../../lib/auth/getSafeCallbackUrl'

export function SignUpForm() {
  const router = useRouter()
  const callbackUrl = getSafeCallbackUrl(useSearchParams().get('callbackUrl'))
  const [form, setForm] = useState({ name: '', email: '', password: '' })
  const [issues, setIssues] = useState<Record<string, string>>({})
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  async function submit(e: React.FormEvent) {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    setIssues({})
    const answer = await signUp(form)
    if (!answer.ok) {
      setIssues(Object.fromEntries((answer.issues ?? []).map((i) => [i.path[0], i.message])))
      setError(answer.error)
      setBusy(false)
      return
    }
    const result = await signIn('credentials', { email: form.email, password: form.password, redirect: false })
    setBusy(false)
    if (result?.ok) router.push(callbackUrl)
    // The server answers a sign-up the same way whether or not the email already has an account.
    else setError('We could not sign you in. If you already have an account with this email, sign in with its password.')
  }

  const field = (name: keyof typeof form, label: string, type: string, autoComplete: string) => (
    <label className="block text-sm font-medium">
      {label}
      <input name={name} type={type} autoComplete={autoComplete} required value={form[name]} onChange={(e) => setForm({ ...form, [name]: e.target.value })} className={inputClass} />
      {issues[name] && <span className="text-xs text-red-700">{issues[name]}</span>}
    </label>
  )

  return (
    <AuthCard title="Create your account">
      <form onSubmit={submit} className="space-y-3">
        {field('name', 'Your name', 'text', 'name')}
        {field('email', 'Email', 'email', 'email')}
        {field('password', 'Password (10+ characters)', 'password', 'new-password')}
        {error && (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy} className={primaryButtonClass}>
          Sign up
        </button>
      </form>
      <p className="text-sm text-slate-600">
        Have an account?{' '}
        <a className="text-blue-700 underline" href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}>
          Sign in
        </a>
      </p>
    </AuthCard>
  )
}
