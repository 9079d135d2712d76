import { JoinBoard } from '../../../components/auth/JoinBoard'

export default async function JoinPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params
  return <JoinBoard token={token} />
}
