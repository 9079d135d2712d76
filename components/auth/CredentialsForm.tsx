'use client'
import { useSearchParams } from 'next/navigation'
import { useState, type ReactNode } from 'react'
import { getSafeCallbackUrl } from '../../lib/auth/getSafeCallbackUrl'
import { AuthCard, inputClass, primaryButtonClass } from './AuthCard'

export interface CredentialsField<Name extends string> {
  name: Name
  label: string
  type: 'text' | 'email' | 'password'
  autoComplete: string
}

/** What a failed submit shows: a message for the form, and per field the message to show under it. */
export interface CredentialsFailure {
  error?: string
  issues?: Record<string, string>
}

export interface CredentialsFormProps<Name extends string> {
  title: string
  fields: readonly CredentialsField<Name>[]
  submitLabel: string
  /** Sends the values; resolves to what to show when it failed, or nothing when it went on. */
  onSubmit: (values: Record<Name, string>) => Promise<CredentialsFailure | void>
  /** Below the form: other ways in (OAuth buttons). */
  children?: ReactNode
  /** The closing line: a question and a link to the other form, which keeps the callback URL. */
  footer: { prompt: string; href: string; label: string }
}

/**
 * The email-and-password card the sign-in and sign-up pages share: required fields, the form's
 * error as an alert, each field's issue under it, and the submit button disabled while it runs.
 */
export function CredentialsForm<Name extends string>({ title, fields, submitLabel, onSubmit, children, footer }: CredentialsFormProps<Name>) {
  const [values, setValues] = useState(() => Object.fromEntries(fields.map((f) => [f.name, ''])) as Record<Name, string>)
  const [issues, setIssues] = useState<Record<string, string>>({})
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  async function submit(e: React.FormEvent) {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    setIssues({})
    const failure = await onSubmit(values)
    setBusy(false)
    if (!failure) return
    setIssues(failure.issues ?? {})
    setError(failure.error)
  }

  return (
    <AuthCard title={title}>
      <form onSubmit={submit} className="space-y-3">
        {fields.map((f) => (
          <label key={f.name} className="block text-sm font-medium">
            {f.label}
            <input name={f.name} type={f.type} autoComplete={f.autoComplete} required value={values[f.name]} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })} className={inputClass} />
            {issues[f.name] && <span className="text-xs text-red-700">{issues[f.name]}</span>}
          </label>
        ))}
        {error && (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy} className={primaryButtonClass}>
          {submitLabel}
        </button>
      </form>
      {children}
      <p className="text-sm text-slate-600">
        {footer.prompt}{' '}
        <a className="text-blue-700 underline" href={footer.href}>
          {footer.label}
        </a>
      </p>
    </AuthCard>
  )
}

/** Where to go after signing in: the page's `callbackUrl` when it is one of ours, else home. */
export function useCallbackUrl(): string {
  return getSafeCallbackUrl(useSearchParams().get('callbackUrl'))
}
