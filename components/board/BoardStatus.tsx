'use client'
import { getReadableTextColor } from '../../lib/collab/getUserColor'
import type { Collaborator, ConnectionState } from '../sync/useBoardSync'

/** Avatars shown in the top bar before the rest collapse into "+N". */
const MAX_AVATARS = 4

const LABELS: Record<ConnectionState, { text: string; dot: string }> = {
  connecting: { text: 'Connecting…', dot: 'bg-amber-400' },
  connected: { text: 'Connected', dot: 'bg-green-500' },
  reconnecting: { text: 'Reconnecting…', dot: 'bg-amber-500' },
  offline: { text: 'Offline', dot: 'bg-red-500' },
}

/**
 * Connection state, save state and who is here: always visible in the board's top-right corner.
 * Someone who may only view gets no save state: the server stores none of their changes, so a
 * change their tab made anyway (an edit kept from an earlier visit as an editor, taken in at open)
 * would show "Saving…" for ever.
 *
 * At most MAX_AVATARS people are shown (this person first); the rest are one "+N" button that opens
 * People, which lists everyone here: a crowd never widens the top bar.
 */
export function BoardStatus(props: {
  connection: ConnectionState
  allSaved: boolean
  viewOnly: boolean
  storageError?: string
  collaborators: Collaborator[]
  onShowPeople: () => void
}) {
  const label = LABELS[props.connection]
  const shown = props.collaborators.length > MAX_AVATARS ? props.collaborators.slice(0, MAX_AVATARS - 1) : props.collaborators
  const more = props.collaborators.length - shown.length
  return (
    <div className="pointer-events-auto mt-2 mr-2 flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1 rounded-lg bg-white/95 px-3 py-1.5 text-xs shadow" style={{ fontFamily: 'system-ui, sans-serif' }}>
      <span data-testid="connection-status" data-state={props.connection} className="flex items-center gap-1.5 whitespace-nowrap">
        <span className={`inline-block h-2 w-2 rounded-full ${label.dot}`} aria-hidden />
        {label.text}
      </span>
      {!props.viewOnly && (
        <span data-testid="save-status" data-saved={props.allSaved} className="whitespace-nowrap text-slate-500">
          {props.allSaved ? 'All changes saved' : props.connection === 'connected' ? 'Saving…' : 'Changes not yet saved'}
        </span>
      )}
      {props.storageError && !props.viewOnly && (
        <span role="alert" data-testid="storage-error" className="font-medium text-red-700" title={props.storageError}>
          The server cannot save changes right now; they are kept and retried.
        </span>
      )}
      <ul data-testid="who-is-here" aria-label="Who's here" className="flex shrink-0 -space-x-1">
        {shown.map((c) => (
          <li
            key={c.clientId}
            title={c.isSelf ? `${c.name} (you)` : c.name}
            className="flex h-6 min-w-6 items-center justify-center rounded-full border-2 border-white px-1 text-[10px] font-semibold"
            style={{ background: c.color, color: getReadableTextColor(c.color) }}
          >
            <span className="sr-only">{c.name}</span>
            <span aria-hidden>{initials(c.name)}</span>
          </li>
        ))}
        {more > 0 && (
          <li className="flex">
            <button
              data-testid="more-people"
              className="flex h-6 min-w-6 items-center justify-center rounded-full border-2 border-white bg-slate-600 px-1 text-[10px] font-semibold text-white hover:bg-slate-700"
              aria-label={`${more} more people here: show everyone in People`}
              title={`${more} more: ${props.collaborators.slice(shown.length).map((c) => c.name).join(', ')}`}
              onClick={props.onShowPeople}
            >
              +{more}
            </button>
          </li>
        )}
      </ul>
    </div>
  )
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]!.toUpperCase())
    .join('')
}
