import type { Editor } from 'tldraw'

export type ImageFormat = 'png' | 'svg' | 'pdf'

/** Points per CSS pixel (PDF units are 1/72 inch, CSS pixels 1/96 inch). */
const PT_PER_PX = 72 / 96

function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/**
 * Exports the whole board through tldraw's own exporter: PNG and SVG as tldraw renders them, and a
 * PDF with the PNG of the grid on one page of matching size.
 */
export async function downloadBoardImage(editor: Editor, format: ImageFormat, baseName: string): Promise<void> {
  const ids = [...editor.getCurrentPageShapeIds()]
  if (ids.length === 0) return
  if (format === 'svg') {
    const result = await editor.getSvgString(ids, { background: true, padding: 32 })
    if (result) saveBlob(new Blob([result.svg], { type: 'image/svg+xml' }), `${baseName}.svg`)
    return
  }
  const png = await editor.toImage(ids, { format: 'png', background: true, padding: 32, scale: 1 })
  if (format === 'png') return saveBlob(png.blob, `${baseName}.png`)
  // pdf-lib is a fifth of the board page's script: loaded when a PDF is asked for, not with the board.
  const { PDFDocument } = await import('pdf-lib')
  const pdf = await PDFDocument.create()
  pdf.setTitle(baseName)
  const image = await pdf.embedPng(await png.blob.arrayBuffer())
  const page = pdf.addPage([png.width * PT_PER_PX, png.height * PT_PER_PX])
  page.drawImage(image, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() })
  const bytes = await pdf.save()
  saveBlob(new Blob([bytes.slice().buffer as ArrayBuffer], { type: 'application/pdf' }), `${baseName}.pdf`)
}
