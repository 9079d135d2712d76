'use client'
// First: zod runs jitless before any schema here parses (see ZodJitless; the chunk may run before the layout's).
import '../ZodJitless'
import { getAssetUrls } from '@tldraw/assets/selfHosted'
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { atom, createTLCurrentUser, DefaultStylePanel, Tldraw, useEditor, useValue, type Editor, type TLUiStylePanelProps, type TLUserPreferences } from 'tldraw'
import 'tldraw/tldraw.css'
import { describeDocumentRefusal } from '../../lib/collab/describeDocumentRefusal'
import { can, type Capability } from '../../lib/collab/roles'
import { useBoardInfo, type BoardInfo } from '../sync/useBoardInfo'
import { BoardStatus } from './BoardStatus'
import { JourneyPanel, type ExportVersion } from '../journey/JourneyPanel'
import { GridEditorPanel } from '../panels/GridEditorPanel'
import { ConnectionRefused, FullScreenMessage } from './FullScreenMessage'
import type { LocalUser } from '../sync/localUser'
import { getUserColor } from '../../lib/collab/getUserColor'
import { MembersPanel } from '../panels/MembersPanel'
import { FacilitatorPanel } from '../facilitation/FacilitatorPanel'
import { registerSessionBehaviour } from '../facilitation/registerSessionBehaviour'
import { registerLockGuard } from '../facilitation/registerLockGuard'
import { useHeldPrivateNotes } from '../facilitation/useHeldPrivateNotes'
import type { LockRefusal } from '../../lib/collab/getLockRefusal'
import { SessionOverlay } from '../facilitation/SessionOverlay'
import { SessionTimer } from '../facilitation/SessionTimer'
import type { Session } from '../../lib/collab/session'
import { useSessionState } from '../facilitation/useSessionState'
import { useFollowMe } from '../facilitation/useFollowMe'
import { registerOfflineShell } from '../sync/registerOfflineShell'
import { useServerClockOffset } from '../facilitation/useServerClock'
import { registerNoteAttribution } from '../notes/registerNoteAttribution'
import { registerNoteLengthGuard } from '../notes/registerNoteLengthGuard'
import { useBoardSync } from '../sync/useBoardSync'
import { BOARD_SHAPE_UTILS } from '../notes/BoardNoteShapeUtil'
import { JourneySelectTool } from './JourneySelectTool'
import { OverviewNotesCanvas } from '../notes/OverviewNotesCanvas'
import { runWhenIdle } from '../sync/runWhenIdle'
import { BoardTitleMenu, useBoardDocumentTitle } from './BoardTitleMenu'
import { TableView } from '../table/TableView'
import { readBoardView, showBoardView, type BoardView } from './boardView'

// Icons, fonts and translations come from our own server, never a CDN.
const assetUrls = getAssetUrls({ baseUrl: '/tldraw-assets' })
const licenseKey = process.env.NEXT_PUBLIC_TLDRAW_LICENSE_KEY || undefined

/** After the board has loaded, how long the offline shell waits before it is registered. */
const OFFLINE_SHELL_DELAY_MS = 2_000

type OpenPanel = 'facilitate' | 'grid' | 'journey' | 'people' | null

interface BoardChrome {
  sync: ReturnType<typeof useBoardSync>
  info: BoardInfo
  openPanel: OpenPanel
  togglePanel: (panel: Exclude<OpenPanel, null>) => void
  session: Session | undefined
  clockOffset: number
  view: BoardView
  showView: (view: BoardView) => void
}

/** Toolbar buttons and the capability each needs (the server enforces the same table). */
const PANEL_BUTTONS: [Exclude<OpenPanel, null>, string, Capability][] = [
  ['facilitate', 'Facilitate', 'board:markAgreed'],
  ['grid', 'Edit grid', 'session:facilitate'],
  ['journey', 'Export', 'board:export'],
  ['people', 'People', 'board:read'],
]
// tldraw's `components` prop must keep its identity (a new object remounts the UI), so the panels
// it renders read live state from this context instead of from closures.
const BoardChromeContext = createContext<BoardChrome | null>(null)

/**
 * The board's top bar: timer, panel buttons and connection status, in one row that wraps (right
 * aligned) when it does not fit beside tldraw's menu, so no control ever covers another. Its bottom
 * edge is published as `--jb-top-bar-bottom` on the editor's container, for the session banners.
 */
function TopRightPanel() {
  const chrome = useContext(BoardChromeContext)
  const bar = useRef<HTMLDivElement>(null)
  // Not drawn under the table view (which has its own top bar): measured again when it comes back.
  const shown = !!chrome && chrome.view !== 'table'
  useLayoutEffect(() => {
    const el = bar.current
    const container = el?.closest<HTMLElement>('.tl-container')
    if (!el || !container) return
    const publish = () => container.style.setProperty('--jb-top-bar-bottom', `${Math.ceil(el.getBoundingClientRect().bottom - container.getBoundingClientRect().top)}px`)
    const observer = new ResizeObserver(publish)
    observer.observe(el)
    observer.observe(container)
    publish()
    return () => {
      observer.disconnect()
      container.style.removeProperty('--jb-top-bar-bottom')
    }
  }, [shown])
  if (!chrome || !shown) return null
  return (
    <div ref={bar} data-testid="board-top-bar" className="flex min-w-0 flex-wrap items-start justify-end gap-x-2">
      {chrome.session && <SessionTimer session={chrome.session} clockOffset={chrome.clockOffset} />}
      {chrome.info.role === 'viewer' && (
        <span className="pointer-events-auto mt-2 rounded-lg bg-amber-100 px-3 py-1.5 text-xs font-medium whitespace-nowrap text-amber-900" data-testid="read-only-badge">
          View only
        </span>
      )}
      {PANEL_BUTTONS.filter(([, , capability]) => can(chrome.info.role, capability)).map(([panel, label]) => (
        <button
          key={panel}
          className="pointer-events-auto mt-2 rounded-lg bg-white/95 px-3 py-1.5 text-xs font-medium whitespace-nowrap shadow hover:bg-slate-50 aria-pressed:bg-blue-50"
          style={{ fontFamily: 'system-ui, sans-serif' }}
          onClick={() => chrome.togglePanel(panel)}
          aria-pressed={chrome.openPanel === panel}
        >
          {label}
        </button>
      ))}
      <button
        className="pointer-events-auto mt-2 rounded-lg bg-white/95 px-3 py-1.5 text-xs font-medium whitespace-nowrap shadow hover:bg-slate-50"
        style={{ fontFamily: 'system-ui, sans-serif' }}
        onClick={() => chrome.showView('table')}
        title="The board as a table: stages as columns, lanes as rows; works by keyboard and screen reader"
      >
        Table
      </button>
      <BoardStatus
        connection={chrome.sync.connection}
        allSaved={chrome.sync.allSaved}
        viewOnly={!can(chrome.info.role, 'board:edit')}
        storageError={chrome.sync.storageError}
        collaborators={chrome.sync.collaborators}
        onShowPeople={() => chrome.togglePanel('people')}
      />
    </div>
  )
}

/** In place of tldraw's page menu: the way back to "Your boards" and the board's title. */
function BoardTitlePanel() {
  const chrome = useContext(BoardChromeContext)
  return chrome ? <BoardTitleMenu title={chrome.info.title} /> : null
}

/** Tools that make nothing: with one of these and nothing selected, the style panel has nothing to style. */
const TOOLS_WITHOUT_STYLES = ['select', 'hand', 'eraser', 'laser', 'zoom']

/**
 * tldraw's style panel, shown only when it styles something: a selected shape, or the next shape of a
 * drawing tool. On a fresh board it would otherwise cover the right of the fitted board (the last
 * stage of a wide template). On phones it opens from the toolbar and is always offered there.
 */
function StylePanelWhenStyling(props: TLUiStylePanelProps) {
  const editor = useEditor()
  const styling = useValue('style panel shown', () => editor.getSelectedShapeIds().length > 0 || !editor.isInAny(...TOOLS_WITHOUT_STYLES), [editor])
  return props.isMobile || styling ? <DefaultStylePanel {...props} /> : null
}

// Notes of a dense page that are not shapes right now are drawn on one canvas (OverviewNotesCanvas).
const components = { SharePanel: TopRightPanel, StylePanel: StylePanelWhenStyling, OnTheCanvas: OverviewNotesCanvas, PageMenu: BoardTitlePanel }
// Replaces tldraw's select tool (same id): a double click on the canvas makes a sticky note.
const tools = [JourneySelectTool]

export function BoardCanvas({ boardId }: { boardId: string }) {
  const board = useBoardInfo(boardId)
  if (board.status === 'loading') return <FullScreenMessage text="Opening the board…" />
  if (board.status === 'error') {
    const text = board.httpStatus === 403 ? 'You do not have access to this board. Ask its facilitator for an invite link.' : board.httpStatus === 404 ? 'This board does not exist.' : board.message
    return (
      <FullScreenMessage text={text}>
        <a className="rounded-md border border-slate-300 px-4 py-2" href="/">
          Your boards
        </a>
      </FullScreenMessage>
    )
  }
  return <LiveBoard info={board.info} />
}

/** Over the empty canvas, taking the pointer, until the board's records are in. */
function LoadingVeil() {
  return (
    <div className="absolute inset-0 z-[1000] flex items-center justify-center bg-white/70" role="status">
      <p className="rounded-lg bg-white px-4 py-2 text-lg text-slate-700 shadow">Connecting to the board…</p>
    </div>
  )
}

function LiveBoard({ info }: { info: BoardInfo }) {
  const [openPanel, setOpenPanel] = useState<OpenPanel>(null)
  const [view, setView] = useState<BoardView>(readBoardView)
  const user = useMemo<LocalUser>(() => {
    // The same id and colour the server stamps into this connection's presence.
    const id = info.me.id ?? `token:${info.me.name}`
    return { id, name: info.me.name, color: getUserColor(id) }
  }, [info.me.id, info.me.name])
  const [exportVersion, setExportVersion] = useState<ExportVersion>('live')
  const readOnly = !can(info.role, 'board:edit')
  // Participants (and leads) work within the facilitator's locks; facilitators are not limited.
  const limited = !readOnly && !can(info.role, 'session:facilitate')
  const sync = useBoardSync(info.id, user, readOnly)
  useBoardDocumentTitle(info.title)
  // The offline shell's worker downloads every script and style of the page again to keep them: not
  // while the board is still opening (on two cores it slowed a 4,000-note board's first load).
  useEffect(() => {
    if (!sync.loaded) return
    return runWhenIdle(() => void registerOfflineShell(), OFFLINE_SHELL_DELAY_MS)
  }, [sync.loaded])
  const session = useSessionState(sync.doc)
  const clockOffset = useServerClockOffset()
  const sessionRef = useRef<Session | undefined>(undefined)
  sessionRef.current = session
  const [editor, setEditor] = useState<Editor>()
  const [lockNotice, setLockNotice] = useState<{ reason: LockRefusal; at: number }>()
  // The last change refused for a limit: by this browser before sending, or by the server.
  const [limitNotice, setLimitNotice] = useState<{ text: string; at: number }>()
  const refused = sync.changeRefused
  useEffect(() => {
    if (refused) setLimitNotice({ text: describeDocumentRefusal(refused.reason, refused.limit), at: refused.at })
  }, [refused])

  // Reveal: publish this person's private notes of revealed rounds (also after returning later),
  // holding back those a lock covers until it is lifted.
  const heldNoteIds = useHeldPrivateNotes(editor, session, { canWrite: !readOnly, limited, doc: sync.doc, awareness: sync.provider?.awareness })

  // Follow me: everyone but the facilitator who asked follows their viewport until they break away.
  useFollowMe(editor, session?.followMe?.userId, user && `user:${user.id}`)

  const tlUser = useMemo(() => {
    if (!user) return undefined
    // The same id as our presence records (`user:<id>`, see useBoardSync), so tldraw recognises this
    // person in presences: its follow-chain guard and "not myself" filters compare these ids.
    const prefs = atom<TLUserPreferences>('user preferences', { id: `user:${user.id}`, name: user.name, color: user.color })
    return createTLCurrentUser({ userPreferences: prefs, setUserPreferences: (p) => prefs.set(p) })
  }, [user])

  // Under the table the editor must not take keys: its shortcuts (Delete, letters for tools) would
  // act on the canvas's selection while people type in the table. tldraw focuses it on mount.
  useEffect(() => {
    if (view === 'table') editor?.blur()
  }, [view, editor])

  const onMount = useCallback(
    (editor: Editor) => {
      editor.zoomToFit({ animation: { duration: 0 } })
      // Like tldraw's own app: the editor on window lets tests and power users script the board.
      ;(window as unknown as { editor?: Editor }).editor = editor
      setEditor(editor)
      if (!user) return undefined
      const stopAttribution = registerNoteAttribution(editor, user)
      const stopLengthGuard = readOnly
        ? () => {}
        : registerNoteLengthGuard(editor, (limit) => setLimitNotice({ text: describeDocumentRefusal('note-too-long', limit), at: Date.now() }))
      const stopSession = registerSessionBehaviour(editor, user.color, () => sessionRef.current)
      // A change a lock forbids is refused on this screen with a notice, before it is sent.
      const stopLockGuard = limited ? registerLockGuard(editor, () => sessionRef.current?.lock, (reason) => setLockNotice({ reason, at: Date.now() })) : () => {}
      return () => {
        stopAttribution()
        stopLengthGuard()
        stopSession()
        stopLockGuard()
        setEditor(undefined)
      }
    },
    [user, limited, readOnly],
  )

  if (sync.refusedCode) return <ConnectionRefused code={sync.refusedCode} outdated={sync.outdated} />
  if (!sync.store || !tlUser) return <FullScreenMessage text="Connecting to the board…" />

  const showView = (next: BoardView) => {
    showBoardView(next)
    setView(next)
    if (next === 'canvas') editor?.focus()
  }
  const chrome: BoardChrome = { sync, info, openPanel, togglePanel: (panel) => setOpenPanel((open) => (open === panel ? null : panel)), session, clockOffset, view, showView }
  const status = (
    <BoardStatus
      connection={sync.connection}
      allSaved={sync.allSaved}
      viewOnly={readOnly}
      storageError={sync.storageError}
      collaborators={sync.collaborators}
      onShowPeople={() => {
        showView('canvas')
        setOpenPanel('people')
      }}
    />
  )
  return (
    <BoardChromeContext.Provider value={chrome}>
      {/* The test id marks a board that is loaded and mounted. Tldraw usually mounts first, while the
          document arrives; offline the device copy can load before tldraw has mounted. */}
      {/* The table covers the canvas, which stays mounted (and inert) beneath it: both views are one editor. */}
      <div className="fixed inset-0" data-testid={sync.loaded && editor ? 'board-canvas' : undefined} aria-busy={!sync.loaded} inert={view === 'table'}>
        <Tldraw store={sync.store} shapeUtils={BOARD_SHAPE_UTILS} tools={tools} user={tlUser} assetUrls={assetUrls} licenseKey={licenseKey} onMount={onMount} components={components}>
          {view === 'canvas' && session && sync.doc && user && (
            <SessionOverlay
              boardId={info.id}
              session={session}
              doc={sync.doc}
              provider={sync.provider}
              userId={user.id}
              canVote={can(info.role, 'vote')}
              lockNotice={lockNotice}
              limitNotice={limitNotice}
              heldNoteIds={heldNoteIds}
            />
          )}
          {openPanel === 'facilitate' && session && sync.doc && user && (
            <FacilitatorPanel
              boardId={info.id}
              doc={sync.doc}
              session={session}
              clockOffset={clockOffset}
              me={{ presenceUserId: `user:${user.id}`, name: user.name }}
              canFacilitate={can(info.role, 'session:facilitate')}
              awareness={sync.provider?.awareness}
              onClose={() => setOpenPanel(null)}
              onPreviewVersion={(id) => {
                setExportVersion(id)
                setOpenPanel('journey')
              }}
            />
          )}
          {openPanel === 'grid' && <GridEditorPanel onClose={() => setOpenPanel(null)} />}
          {openPanel === 'journey' && <JourneyPanel boardId={info.id} title={info.title} version={exportVersion} onVersionChange={setExportVersion} onClose={() => setOpenPanel(null)} />}
          {openPanel === 'people' && <MembersPanel info={info} collaborators={sync.collaborators} onClose={() => setOpenPanel(null)} />}
        </Tldraw>
        {!sync.loaded && <LoadingVeil />}
      </div>
      {view === 'table' && editor && sync.loaded && (
        <TableView
          editor={editor}
          boardId={info.id}
          title={info.title}
          session={session}
          doc={sync.doc}
          provider={sync.provider}
          clockOffset={clockOffset}
          userId={user.id}
          canEdit={!readOnly}
          canVote={can(info.role, 'vote')}
          limited={limited}
          status={status}
          onShowCanvas={() => showView('canvas')}
        />
      )}
    </BoardChromeContext.Provider>
  )
}
