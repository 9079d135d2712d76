'use client'
import { signOut, useSession } from 'next-auth/react'
import { useRouter } from 'next/navigation'
import { ROLE_LABELS } from '../../lib/collab/roles'
import { useEffect, useState } from 'react'
import type { BoardSummary } from '../../lib/api/boardApi'
import type { JourneyTemplate } from '../../lib/templates/journeyTemplates'
import { createBoard, deleteBoard, importJourney as requestImport, listBoards, listTemplates, updateBoard, type ApiAnswer } from '../api/apiClient'

/** The home page: create a board from a journey template, or open an existing one. */
export function BoardDashboard() {
  const router = useRouter()
  const { data: session } = useSession()
  const [showArchived, setShowArchived] = useState(false)
  const [templates, setTemplates] = useState<JourneyTemplate[]>([])
  const [boards, setBoards] = useState<BoardSummary[] | null>(null)
  const [title, setTitle] = useState('')
  const [template, setTemplate] = useState('buyer-journey')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  const loadBoards = () => listBoards().then((answer) => setBoards(answer.ok ? answer.data.boards : []))
  useEffect(() => {
    void listTemplates().then((answer) => answer.ok && setTemplates(answer.data.templates))
    void loadBoards()
  }, [])

  /** Renames, archives or deletes a board, then shows the list as the server has it. */
  async function change(request: Promise<ApiAnswer<unknown>>) {
    const answer = await request
    if (!answer.ok) setError(answer.error ?? 'That did not work.')
    await loadBoards()
  }

  async function create(e: React.FormEvent) {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    const answer = await createBoard({ title, template })
    setBusy(false)
    if (!answer.ok) return setError(answer.error ?? 'The board could not be created.')
    router.push(`/b/${answer.data.id}`)
  }

  const [importIssues, setImportIssues] = useState<{ path: string; message: string }[]>()
  async function importJourney(file: File) {
    setImportIssues(undefined)
    setError(undefined)
    const text = await file.text()
    const answer = await requestImport(text)
    if (answer.ok) return router.push(`/b/${answer.data.id}`)
    setError(`${file.name}: ${answer.error ?? 'the file was refused'}`)
    // An import's issues name their place as text (`stages[2].name`), zod's as a list of keys.
    setImportIssues((answer.issues ?? []).map((i) => ({ path: typeof i.path === 'string' ? i.path : i.path.join('.'), message: i.message })))
  }

  const selected = templates.find((t) => t.id === template)
  return (
    <main className="mx-auto max-w-4xl space-y-10 p-8">
      <header className="flex items-start justify-between">
        <div>
          <h1 className="text-3xl font-bold">Journey Board</h1>
          <p className="text-slate-600">Map your customer&apos;s journey together, live.</p>
        </div>
        {session?.user && (
          <div className="text-right text-sm">
            <p data-testid="signed-in-as">{session.user.name}</p>
            <button className="text-blue-700 underline" onClick={() => void signOut({ callbackUrl: '/signin' })}>
              Sign out
            </button>
          </div>
        )}
      </header>
      <form onSubmit={create} className="space-y-4 rounded-xl bg-white p-6 shadow" aria-label="New board">
        <h2 className="text-xl font-semibold">New journey map</h2>
        <label className="block text-sm font-medium">
          Title
          <input
            name="title"
            required
            maxLength={200}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder="e.g. Online course subscription"
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2"
          />
        </label>
        <label className="block text-sm font-medium">
          Template
          <select name="template" value={template} onChange={(e) => setTemplate(e.target.value)} className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2">
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        {selected && (
          <p className="text-sm text-slate-600">
            {selected.description} Stages: {selected.stages.map((s) => s.name).join(' → ')}.
          </p>
        )}
        {error && (
          <div role="alert" className="text-sm text-red-700" data-testid="create-error">
            <p>{error}</p>
            {importIssues && importIssues.length > 0 && (
              <ul className="mt-1 list-disc pl-5">
                {importIssues.slice(0, 20).map((i, n) => (
                  <li key={n}>
                    <code>{i.path || '(file)'}</code>: {i.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="flex flex-wrap items-center gap-4">
          <button type="submit" disabled={busy || !title.trim()} className="rounded-md bg-blue-600 px-4 py-2 font-medium text-white disabled:opacity-50">
            Create board
          </button>
          <label className="cursor-pointer text-sm text-blue-700 underline">
            or import a journey JSON…
            <input
              type="file"
              accept="application/json,.json"
              className="sr-only"
              data-testid="import-journey"
              onChange={(e) => {
                const file = e.target.files?.[0]
                e.target.value = ''
                if (file) void importJourney(file)
              }}
            />
          </label>
        </div>
      </form>
      <section>
        <div className="mb-3 flex items-center justify-between">
          <h2 className="text-xl font-semibold">Your boards</h2>
          <label className="text-sm text-slate-600">
            <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} className="mr-1" />
            Show archived
          </label>
        </div>
        {boards === null ? (
          <p className="text-slate-500">Loading…</p>
        ) : boards.length === 0 ? (
          <p className="text-slate-500">No boards yet.</p>
        ) : (
          <ul className="divide-y rounded-xl bg-white shadow" data-testid="board-list">
            {boards
              .filter((b) => showArchived || !b.archivedAt)
              .map((b) => (
                <li key={b.id} className="flex items-center gap-3 px-4 py-3 hover:bg-slate-50">
                  <a href={`/b/${b.id}`} className="flex-1">
                    <span className="font-medium">{b.title}</span>
                    {b.archivedAt && <span className="ml-2 rounded bg-slate-200 px-1 text-xs">archived</span>}
                    <span className="block text-sm text-slate-500">
                      {templates.find((t) => t.id === b.template)?.name ?? b.template} · {new Date(b.createdAt).toLocaleDateString()} · {b.isOwner ? 'Owner' : ROLE_LABELS[b.role]}
                    </span>
                  </a>
                  {b.isOwner && (
                    <span className="flex gap-2 text-xs">
                      <button
                        className="text-blue-700"
                        onClick={() => {
                          const title = window.prompt('New title', b.title)?.trim()
                          if (title) void change(updateBoard(b.id, { title }))
                        }}
                      >
                        Rename
                      </button>
                      <button className="text-blue-700" onClick={() => void change(updateBoard(b.id, { archived: !b.archivedAt }))}>
                        {b.archivedAt ? 'Unarchive' : 'Archive'}
                      </button>
                      <button
                        className="text-red-700"
                        onClick={() => {
                          if (window.confirm(`Delete “${b.title}” for everyone? This cannot be undone.`)) void change(deleteBoard(b.id))
                        }}
                      >
                        Delete
                      </button>
                    </span>
                  )}
                </li>
              ))}
          </ul>
        )}
      </section>
    </main>
  )
}
