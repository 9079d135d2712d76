'use client'
import dynamic from 'next/dynamic'

// tldraw and the Yjs provider need the browser: never render them on the server.
const BoardCanvas = dynamic(() => import('./BoardCanvas').then((m) => m.BoardCanvas), {
  ssr: false,
  loading: () => <FullScreenMessage text="Loading board…" />,
})

export function BoardPage({ boardId }: { boardId: string }) {
  return <BoardCanvas boardId={boardId} />
}

export function FullScreenMessage({ text, children }: { text: string; children?: React.ReactNode }) {
  return (
    <div className="flex h-screen flex-col items-center justify-center gap-4 p-8 text-center" role="status">
      <p className="text-lg text-slate-700">{text}</p>
      {children}
    </div>
  )
}
