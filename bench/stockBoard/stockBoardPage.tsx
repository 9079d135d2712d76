/**
 * The stock alternative the browser bench measures our board page against: tldraw as it comes (no
 * Yjs, no custom shapes, no overview canvas), loading the same records over HTTP while it mounts, the
 * way our page loads the document while tldraw's chunk arrives. Bundled by startStockBoardServer.ts.
 * It sets the same hooks the bench's marks script reads: `window.editor`, the
 * `connection-status` element once every record is in the store, the store-loaded mark.
 */
import { getAssetUrls } from '@tldraw/assets/selfHosted'
import { createRoot } from 'react-dom/client'
import { Tldraw, type Editor, type TLPageId, type TLRecord } from 'tldraw'
import 'tldraw/tldraw.css'
import { BOARD_MARKS } from '../../components/sync/boardMarks'

const records: Promise<TLRecord[]> = fetch('/records.json').then((res) => res.json())
const assetUrls = getAssetUrls({ baseUrl: '/tldraw-assets' })

function onMount(editor: Editor): void {
  ;(window as unknown as { editor: Editor }).editor = editor
  void records.then((list) => {
    editor.store.mergeRemoteChanges(() => editor.store.put(list))
    const page = list.find((r) => r.typeName === 'page')
    if (page) editor.setCurrentPage(page.id as TLPageId)
    editor.zoomToFit({ animation: { duration: 0 } })
    performance.mark(BOARD_MARKS.storeLoaded)
    const status = document.createElement('div')
    status.dataset.testid = 'connection-status'
    status.dataset.state = 'connected'
    status.hidden = true
    document.body.append(status)
  })
}

createRoot(document.getElementById('root')!).render(
  <div style={{ position: 'fixed', inset: 0 }}>
    <Tldraw assetUrls={assetUrls} onMount={onMount} />
  </div>,
)
