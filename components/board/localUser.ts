/** The person at this browser as the board shows them: id and name from the session, a cursor colour. */
export interface LocalUser {
  id: string
  name: string
  color: string
}

const COLOR_KEY = 'journey-board:color'
/** Cursor colours with enough contrast on a white canvas. */
export const USER_COLORS = ['#e03131', '#1971c2', '#2f9e44', '#f08c00', '#9c36b5', '#0c8599', '#c2255c', '#5c940d']

/** A cursor colour for this browser, chosen once and kept in localStorage. */
export function loadLocalColor(): string {
  const stored = localStorage.getItem(COLOR_KEY)
  if (stored && /^#[0-9a-f]{6}$/i.test(stored)) return stored
  const color = USER_COLORS[Math.floor(Math.random() * USER_COLORS.length)]
  localStorage.setItem(COLOR_KEY, color)
  return color
}
