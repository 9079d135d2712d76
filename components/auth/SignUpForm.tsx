'use client'
import { signIn } from 'next-auth/react'
import { useRouter } from 'next/navigation'
import { signUp } from '../api/apiClient'
import { CredentialsForm, useCallbackUrl, type CredentialsField } from './CredentialsForm'

const FIELDS: CredentialsField<'name' | 'email' | 'password'>[] = [
  { name: 'name', label: 'Your name', type: 'text', autoComplete: 'name' },
  { name: 'email', label: 'Email', type: 'email', autoComplete: 'email' },
  { name: 'password', label: 'Password (10+ characters)', type: 'password', autoComplete: 'new-password' },
]

export function SignUpForm() {
  const router = useRouter()
  const callbackUrl = useCallbackUrl()

  return (
    <CredentialsForm
      title="Create your account"
      fields={FIELDS}
      submitLabel="Sign up"
      onSubmit={async (form) => {
        const answer = await signUp(form)
        if (!answer.ok) return { error: answer.error, issues: Object.fromEntries((answer.issues ?? []).map((i) => [i.path[0], i.message])) }
        const result = await signIn('credentials', { email: form.email, password: form.password, redirect: false })
        if (result?.ok) {
          router.push(callbackUrl)
          return
        }
        // The server answers a sign-up the same way whether or not the email already has an account.
        return { error: 'We could not sign you in. If you already have an account with this email, sign in with its password.' }
      }}
      footer={{ prompt: 'Have an account?', href: `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`, label: 'Sign in' }}
    />
  )
}
