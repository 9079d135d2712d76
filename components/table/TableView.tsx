'use client'
import type { Editor } from 'tldraw'
import type { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import type { Session } from '../../lib/collab/session'
import { BoardTitleMenu } from '../board/BoardTitleMenu'
import { SessionTimer } from '../facilitation/SessionTimer'
import { useDotVoting } from '../facilitation/useDotVoting'
import { JourneyTable } from './JourneyTable'
import { useLiveJourney } from './useLiveJourney'
import type { ReactNode } from 'react'

interface Props {
  editor: Editor
  boardId: string
  title: string
  session: Session | undefined
  doc: Y.Doc | undefined
  provider: WebsocketProvider | undefined
  clockOffset: number
  userId: string
  canEdit: boolean
  canVote: boolean
  limited: boolean
  /** The connection status, as on the canvas. */
  status: ReactNode
  onShowCanvas(): void
}

/** The journey table with its sticky top bar: the board's title, timer, dots left, status and "Canvas". */
export function TableView(props: Props) {
  const { editor, boardId, title, session, doc } = props
  const journey = useLiveJourney(editor, boardId, title)
  return session && doc ? <TableWithVoting {...props} session={session} doc={doc} journey={journey} /> : <JourneyTable {...tableProps(props, journey, undefined)} />
}

function TableWithVoting(props: Props & { session: Session; doc: Y.Doc; journey: ReturnType<typeof useLiveJourney> }) {
  const voting = useDotVoting(props.session, props.doc, props.userId, props.canVote, props.provider)
  return <JourneyTable {...tableProps(props, props.journey, voting)} />
}

function tableProps(props: Props, journey: ReturnType<typeof useLiveJourney>, voting: ReturnType<typeof useDotVoting> | undefined) {
  const vote = props.session?.vote
  const left = vote?.open && voting ? Math.max(0, vote.budget - voting.mine.length) : undefined
  return {
    editor: props.editor,
    journey,
    session: props.session,
    clockOffset: props.clockOffset,
    voting: props.canVote ? voting : undefined,
    canEdit: props.canEdit,
    userId: props.userId,
    limited: props.limited,
    header: (
      <header className="sticky top-0 z-10 flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 bg-white px-2 pb-2 shadow-sm" data-testid="table-header">
        <div className="mt-2 min-w-0">
          <BoardTitleMenu title={props.title} />
        </div>
        <div className="ml-auto flex flex-wrap items-center justify-end gap-x-2">
          {props.session && <SessionTimer session={props.session} clockOffset={props.clockOffset} />}
          {left !== undefined && props.canVote && (
            <span className="mt-2 rounded-md bg-blue-700 px-2 py-1 text-xs text-white" data-testid="table-vote-budget">
              Dot voting: {left} of {vote!.budget} dots left
            </span>
          )}
          <button
            className="mt-2 rounded-lg bg-white px-3 py-1.5 text-xs font-medium whitespace-nowrap shadow hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-600"
            onClick={props.onShowCanvas}
          >
            Canvas
          </button>
          {props.status}
        </div>
      </header>
    ),
  }
}
