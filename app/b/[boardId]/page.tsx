import { BoardPage } from '../../../components/board/BoardPage'

export default async function Page({ params }: { params: Promise<{ boardId: string }> }) {
  const { boardId } = await params
  return <BoardPage boardId={boardId} />
}
