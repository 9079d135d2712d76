import { AuthProvider } from '../components/auth/AuthProvider'
import { BoardDashboard } from '../components/dashboard/BoardDashboard'

export default function HomePage() {
  // Only the dashboard reads the session on the client: on a board page its fetch at start-up
  // competed with opening the board.
  return (
    <AuthProvider>
      <BoardDashboard />
    </AuthProvider>
  )
}
