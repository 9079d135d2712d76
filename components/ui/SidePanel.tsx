import type { ReactNode } from 'react'

/**
 * A floating panel on the left of the board (grid editor, people, facilitation): title, close
 * button and an optional error line, so every panel looks and behaves the same.
 */
export function SidePanel(props: {
  title: string
  closeLabel: string
  onClose: () => void
  testId: string
  width?: 'w-80' | 'w-96'
  error?: string
  children: ReactNode
}) {
  return (
    <aside
      className={`pointer-events-auto absolute top-14 left-2 z-[300] max-h-[calc(100vh-8rem)] ${props.width ?? 'w-96'} overflow-y-auto rounded-lg bg-white p-3 text-sm shadow-lg`}
      style={{ fontFamily: 'system-ui, sans-serif' }}
      data-testid={props.testId}
      aria-label={props.title}
    >
      <div className="mb-2 flex items-center justify-between">
        <h2 className="font-semibold">{props.title}</h2>
        <button onClick={props.onClose} aria-label={props.closeLabel} className="rounded px-2 text-slate-500 hover:bg-slate-100">
          ✕
        </button>
      </div>
      {props.error && (
        <p role="alert" className="mb-2 rounded bg-red-50 p-2 text-red-700">
          {props.error}
        </p>
      )}
      {props.children}
    </aside>
  )
}
