import { BoardDashboard } from '../components/dashboard/BoardDashboard'

export default function HomePage() {
  return <BoardDashboard />
}
