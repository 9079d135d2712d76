'use client'
import { getProviders, signIn } from 'next-auth/react'
import { useRouter } from 'next/navigation'
import { useEffect, useState } from 'react'
import { CredentialsForm, useCallbackUrl, type CredentialsField } from './CredentialsForm'

const FIELDS: CredentialsField<'email' | 'password'>[] = [
  { name: 'email', label: 'Email', type: 'email', autoComplete: 'email' },
  { name: 'password', label: 'Password', type: 'password', autoComplete: 'current-password' },
]

export function SignInForm() {
  const router = useRouter()
  const callbackUrl = useCallbackUrl()
  const [oauth, setOauth] = useState<{ id: string; name: string }[]>([])

  useEffect(() => {
    void getProviders().then((p) => setOauth(Object.values(p ?? {}).filter((x) => x.type === 'oauth')))
  }, [])

  return (
    <CredentialsForm
      title="Sign in"
      fields={FIELDS}
      submitLabel="Sign in"
      onSubmit={async ({ email, password }) => {
        const result = await signIn('credentials', { email, password, redirect: false })
        if (result?.ok) {
          router.push(callbackUrl)
          return
        }
        return { error: result?.error && result.error !== 'CredentialsSignin' ? result.error : 'Wrong email or password.' }
      }}
      footer={{ prompt: 'New here?', href: `/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`, label: 'Create an account' }}
    >
      {oauth.map((p) => (
        <button key={p.id} onClick={() => void signIn(p.id, { callbackUrl })} className="w-full rounded-md border px-4 py-2">
          Continue with {p.name}
        </button>
      ))}
    </CredentialsForm>
  )
}
