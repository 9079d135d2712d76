'use client'
import { getAssetUrls } from '@tldraw/assets/selfHosted'
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import { atom, createTLCurrentUser, Tldraw, type Editor, type TLUserPreferences } from 'tldraw'
import 'tldraw/tldraw.css'
import { describeCloseCode } from '../../lib/collab/closeReasons'
import { BoardStatus } from './BoardStatus'
import { JourneyPanel } from '../journey/JourneyPanel'
import { GridEditorPanel } from './GridEditorPanel'
import { FullScreenMessage } from './BoardPage'
import { loadLocalUser, saveLocalUser, type LocalUser } from './localUser'
import { NamePrompt } from './NamePrompt'
import { registerNoteAttribution } from './registerNoteAttribution'
import { useBoardSync } from './useBoardSync'

// Icons, fonts and translations come from our own server, never a CDN.
const assetUrls = getAssetUrls({ baseUrl: '/tldraw-assets' })
const licenseKey = process.env.NEXT_PUBLIC_TLDRAW_LICENSE_KEY || undefined

type OpenPanel = 'grid' | 'journey' | null

interface BoardChrome {
  sync: ReturnType<typeof useBoardSync>
  openPanel: OpenPanel
  togglePanel: (panel: Exclude<OpenPanel, null>) => void
}
// tldraw's `components` prop must keep its identity (a new object remounts the UI), so the panels
// it renders read live state from this context instead of from closures.
const BoardChromeContext = createContext<BoardChrome | null>(null)

function TopRightPanel() {
  const chrome = useContext(BoardChromeContext)
  if (!chrome) return null
  return (
    <div className="flex items-start gap-2">
      {(
        [
          ['grid', 'Edit grid'],
          ['journey', 'Export'],
        ] as const
      ).map(([panel, label]) => (
        <button
          key={panel}
          className="pointer-events-auto mt-2 rounded-lg bg-white/95 px-3 py-1.5 text-xs font-medium shadow hover:bg-slate-50 aria-pressed:bg-blue-50"
          style={{ fontFamily: 'system-ui, sans-serif' }}
          onClick={() => chrome.togglePanel(panel)}
          aria-pressed={chrome.openPanel === panel}
        >
          {label}
        </button>
      ))}
      <BoardStatus connection={chrome.sync.connection} allSaved={chrome.sync.allSaved} collaborators={chrome.sync.collaborators} />
    </div>
  )
}

const components = { SharePanel: TopRightPanel }

export function BoardCanvas({ boardId }: { boardId: string }) {
  const [user, setUser] = useState<LocalUser>()
  useEffect(() => setUser(loadLocalUser()), [])
  const namedUser = user?.name ? user : undefined
  const [openPanel, setOpenPanel] = useState<OpenPanel>(null)
  const [title, setTitle] = useState('')
  useEffect(() => {
    void fetch(`/api/boards/${boardId}`)
      .then((r) => (r.ok ? r.json() : undefined))
      .then((b: { title?: string } | undefined) => setTitle(b?.title ?? ''))
  }, [boardId])
  const sync = useBoardSync(boardId, namedUser)

  const tlUser = useMemo(() => {
    if (!namedUser) return undefined
    const prefs = atom<TLUserPreferences>('user preferences', { id: namedUser.id, name: namedUser.name, color: namedUser.color })
    return createTLCurrentUser({ userPreferences: prefs, setUserPreferences: (p) => prefs.set(p) })
  }, [namedUser])

  const onMount = useCallback(
    (editor: Editor) => {
      editor.zoomToFit({ animation: { duration: 0 } })
      // Like tldraw's own app: the editor on window lets tests and power users script the board.
      ;(window as unknown as { editor?: Editor }).editor = editor
      return namedUser ? registerNoteAttribution(editor, namedUser) : undefined
    },
    [namedUser],
  )

  if (user && !user.name) {
    return (
      <NamePrompt
        onSubmit={(name) => {
          const next = { ...user, name }
          saveLocalUser(next)
          setUser(next)
        }}
      />
    )
  }
  if (sync.refusedCode) {
    return (
      <FullScreenMessage text={describeCloseCode(sync.refusedCode) ?? 'The server closed the connection.'}>
        <div className="flex gap-3">
          {sync.outdated && (
            <button className="rounded-md bg-blue-600 px-4 py-2 text-white" onClick={() => window.location.reload()}>
              Reload to update
            </button>
          )}
          <a className="rounded-md border border-slate-300 px-4 py-2" href="/">
            All boards
          </a>
        </div>
      </FullScreenMessage>
    )
  }
  if (!sync.store || !tlUser) return <FullScreenMessage text="Connecting to the board…" />

  const chrome: BoardChrome = { sync, openPanel, togglePanel: (panel) => setOpenPanel((open) => (open === panel ? null : panel)) }
  return (
    <BoardChromeContext.Provider value={chrome}>
    <div className="fixed inset-0" data-testid="board-canvas">
      <Tldraw store={sync.store} user={tlUser} assetUrls={assetUrls} licenseKey={licenseKey} onMount={onMount} components={components}>
        {openPanel === 'grid' && <GridEditorPanel onClose={() => setOpenPanel(null)} />}
        {openPanel === 'journey' && <JourneyPanel boardId={boardId} title={title} onClose={() => setOpenPanel(null)} />}
      </Tldraw>
    </div>
    </BoardChromeContext.Provider>
  )
}
