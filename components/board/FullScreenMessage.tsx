import { describeCloseCode } from '../../lib/collab/closeReasons'

/** A message in the middle of the screen (loading, errors), with optional actions below it. */
export function FullScreenMessage({ text, children }: { text: string; children?: React.ReactNode }) {
  return (
    <div className="flex h-screen flex-col items-center justify-center gap-4 p-8 text-center" role="status">
      <p className="text-lg text-slate-700">{text}</p>
      {children}
    </div>
  )
}

/** The server refused or closed the board's connection for good: why, and what the person can do. */
export function ConnectionRefused({ code, outdated }: { code: number; outdated: boolean }) {
  return (
    <FullScreenMessage text={describeCloseCode(code) ?? 'The server closed the connection.'}>
      <div className="flex gap-3">
        {outdated && (
          <button className="rounded-md bg-blue-600 px-4 py-2 text-white" onClick={() => window.location.reload()}>
            Reload to update
          </button>
        )}
        <a className="rounded-md border border-slate-300 px-4 py-2" href="/">
          Your boards
        </a>
      </div>
    </FullScreenMessage>
  )
}
