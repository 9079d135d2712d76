import { Suspense } from 'react'
import { SignInForm } from '../../components/auth/SignInForm'

export default function SignInPage() {
  return (
    <Suspense>
      <SignInForm />
    </Suspense>
  )
}
