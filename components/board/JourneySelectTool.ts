import { createShapeId, SelectTool, startEditingShapeWithRichText, type Editor, type StateNode, type TLClickEventInfo, type TLNoteShape, type TLStateNodeConstructor } from 'tldraw'

/** The select tool's idle state as tldraw 5.1 builds it; tldraw does not export the class itself. */
interface IdleStateConstructor {
  new (editor: Editor, parent?: StateNode): StateNode & { handleDoubleClickOnCanvas(info: TLClickEventInfo): void }
  id: string
}

const StockIdle = SelectTool.children().find((child) => child.id === 'idle') as unknown as IdleStateConstructor

/**
 * Double-clicking empty canvas (or a locked grid cell, which tldraw treats the same) makes a sticky
 * note there, where stock tldraw makes a text shape: on a journey board a person's first instinct
 * should give a note of the journey, with its author and colour like the note tool's. The note is
 * centred on the pointer and its text editor opens, so typing fills it.
 */
class JourneyIdle extends StockIdle {
  override handleDoubleClickOnCanvas(info: TLClickEventInfo): void {
    const editor = this.editor
    if (editor.getIsReadonly() || !editor.options.createTextOnCanvasDoubleClick) return
    editor.markHistoryStoppingPoint('creating note by double click')
    const id = createShapeId()
    const point = editor.inputs.getCurrentPagePoint()
    // Like the note tool: the style panel's colour and the dynamic-size scale, then centred.
    editor.createShape<TLNoteShape>({ id, type: 'note', x: point.x, y: point.y, props: { scale: editor.getResizeScaleFactor() } })
    const created = editor.getShape<TLNoteShape>(id)
    // A lock guard (or a hostile-store refusal) may have refused it.
    if (!created) return
    const bounds = editor.getShapeGeometry(created).bounds
    editor.updateShapes([{ id, type: 'note', x: point.x - bounds.width / 2, y: point.y - bounds.height / 2 }])
    editor.select(id)
    startEditingShapeWithRichText(editor, id, { info })
  }
}

/** tldraw's select tool with `JourneyIdle` in place of its idle state; passed as `tools` (same id). */
export class JourneySelectTool extends SelectTool {
  static override children(): TLStateNodeConstructor[] {
    return SelectTool.children().map((child) => (child.id === 'idle' ? (JourneyIdle as unknown as TLStateNodeConstructor) : child))
  }
}
