import { Suspense } from 'react'
import { SignUpForm } from '../../components/auth/SignUpForm'

export default function SignUpPage() {
  return (
    <Suspense>
      <SignUpForm />
    </Suspense>
  )
}
