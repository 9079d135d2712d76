/** The person at this browser as the board shows them: id and name from the session, a cursor colour. */
export interface LocalUser {
  id: string
  name: string
  /** From the user id (lib/collab/getUserColor), as the server stamps it into everyone's presence. */
  color: string
}
