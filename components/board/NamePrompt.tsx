'use client'
import { useState } from 'react'

/** Asks for the display name others will see next to this person's cursor and notes. */
export function NamePrompt({ onSubmit }: { onSubmit: (name: string) => void }) {
  const [name, setName] = useState('')
  return (
    <div className="flex h-screen items-center justify-center p-6">
      <form
        className="w-full max-w-sm space-y-4 rounded-xl bg-white p-6 shadow"
        onSubmit={(e) => {
          e.preventDefault()
          if (name.trim()) onSubmit(name.trim())
        }}
      >
        <h1 className="text-xl font-semibold">Join the workshop</h1>
        <label className="block text-sm font-medium text-slate-700">
          Your name, as others will see it
          <input
            autoFocus
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2"
            value={name}
            maxLength={60}
            onChange={(e) => setName(e.target.value)}
            name="displayName"
          />
        </label>
        <button type="submit" className="w-full rounded-md bg-blue-600 px-4 py-2 font-medium text-white disabled:opacity-50" disabled={!name.trim()}>
          Join board
        </button>
      </form>
    </div>
  )
}
