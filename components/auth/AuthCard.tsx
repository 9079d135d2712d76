import type { ReactNode } from 'react'

/** The centred card the sign-in, sign-up and join pages share. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm space-y-4 rounded-xl bg-white p-6 shadow">
        <p className="text-sm font-semibold tracking-wide text-blue-700">Journey Board</p>
        <h1 className="text-xl font-semibold">{title}</h1>
        {children}
      </div>
    </main>
  )
}

export const inputClass = 'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2'
export const primaryButtonClass = 'w-full rounded-md bg-blue-600 px-4 py-2 font-medium text-white disabled:opacity-50'
