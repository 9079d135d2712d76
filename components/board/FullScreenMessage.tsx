/** A message in the middle of the screen (loading, errors), with optional actions below it. */
export function FullScreenMessage({ text, children }: { text: string; children?: React.ReactNode }) {
  return (
    <div className="flex h-screen flex-col items-center justify-center gap-4 p-8 text-center" role="status">
      <p className="text-lg text-slate-700">{text}</p>
      {children}
    </div>
  )
}
