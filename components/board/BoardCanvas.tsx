'use client'
import { getAssetUrls } from '@tldraw/assets/selfHosted'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { atom, createTLCurrentUser, Tldraw, type Editor, type TLUserPreferences } from 'tldraw'
import 'tldraw/tldraw.css'
import { describeCloseCode } from '../../lib/collab/closeReasons'
import { BoardStatus } from './BoardStatus'
import { FullScreenMessage } from './BoardPage'
import { loadLocalUser, saveLocalUser, type LocalUser } from './localUser'
import { NamePrompt } from './NamePrompt'
import { useBoardSync } from './useBoardSync'

// Icons, fonts and translations come from our own server, never a CDN.
const assetUrls = getAssetUrls({ baseUrl: '/tldraw-assets' })
const licenseKey = process.env.NEXT_PUBLIC_TLDRAW_LICENSE_KEY || undefined

export function BoardCanvas({ boardId }: { boardId: string }) {
  const [user, setUser] = useState<LocalUser>()
  useEffect(() => setUser(loadLocalUser()), [])
  const namedUser = user?.name ? user : undefined
  const sync = useBoardSync(boardId, namedUser)

  const tlUser = useMemo(() => {
    if (!namedUser) return undefined
    const prefs = atom<TLUserPreferences>('user preferences', { id: namedUser.id, name: namedUser.name, color: namedUser.color })
    return createTLCurrentUser({ userPreferences: prefs, setUserPreferences: (p) => prefs.set(p) })
  }, [namedUser])

  const onMount = useCallback((editor: Editor) => {
    editor.zoomToFit({ animation: { duration: 0 } })
    // Like tldraw's own app: the editor on window lets tests and power users script the board.
    ;(window as unknown as { editor?: Editor }).editor = editor
  }, [])

  const components = useMemo(
    () => ({
      SharePanel: () => <BoardStatus connection={sync.connection} allSaved={sync.allSaved} collaborators={sync.collaborators} />,
    }),
    [sync.connection, sync.allSaved, sync.collaborators],
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

  return (
    <div className="fixed inset-0" data-testid="board-canvas">
      <Tldraw store={sync.store} user={tlUser} assetUrls={assetUrls} licenseKey={licenseKey} onMount={onMount} components={components} />
    </div>
  )
}
