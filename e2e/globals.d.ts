import type { Editor } from 'tldraw'

declare global {
  interface Window {
    /** Set by the board page on mount (see BoardCanvas). */
    editor?: Editor
  }
}
