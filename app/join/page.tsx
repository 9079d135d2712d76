import { JoinByCode } from '../../components/auth/JoinByCode'

export default async function JoinWithCodePage({ searchParams }: { searchParams: Promise<{ code?: string | string[] }> }) {
  const { code } = await searchParams
  return <JoinByCode initialCode={typeof code === 'string' ? code : ''} />
}
