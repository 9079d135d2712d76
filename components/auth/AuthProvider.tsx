'use client'
import { SessionProvider } from 'next-auth/react'
import type { ReactNode } from 'react'

/** Makes the next-auth session available to client components (useSession). */
export function AuthProvider({ children }: { children: ReactNode }) {
  return <SessionProvider>{children}</SessionProvider>
}
