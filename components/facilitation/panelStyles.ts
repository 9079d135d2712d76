/** Class names shared by the facilitation panel's sections, so they look alike. */
export const panelStyles = {
  section: 'border-t pt-3 mt-3',
  h3: 'mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase',
  btn: 'rounded border px-2 py-1 hover:bg-slate-50 disabled:opacity-40',
  primary: 'rounded bg-slate-800 px-2 py-1 text-white disabled:opacity-40',
}
