/** The person at this browser: a stable id, a display name and a cursor colour, kept in localStorage. */
export interface LocalUser {
  id: string
  name: string
  color: string
}

const STORAGE_KEY = 'journey-board:user'
/** Cursor colours with enough contrast on a white canvas. */
export const USER_COLORS = ['#e03131', '#1971c2', '#2f9e44', '#f08c00', '#9c36b5', '#0c8599', '#c2255c', '#5c940d']

export function loadLocalUser(): LocalUser {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<LocalUser> | null
    if (stored?.id && typeof stored.name === 'string' && stored.color) return stored as LocalUser
  } catch {
    // A corrupt entry is replaced below.
  }
  const id = crypto.randomUUID()
  const user = { id, name: '', color: USER_COLORS[Math.floor(Math.random() * USER_COLORS.length)] }
  saveLocalUser(user)
  return user
}

export function saveLocalUser(user: LocalUser): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(user))
}
