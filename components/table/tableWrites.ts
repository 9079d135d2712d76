import { createShapeId, toRichText, type Editor, type TLShapeId, type TLShapePartial } from 'tldraw'
import { findFreeNoteSpot, type Box } from '../../lib/journey/findFreeNoteSpot'
import { NOTE_BASE_SIZE } from '../../lib/journey/buildJourney'
import type { JourneyLane, JourneyMap, JourneyStage } from '../../lib/journey/journeySchema'

/**
 * The table's changes to the board, made through the editor as a canvas user would make them (source
 * "user"): the canvas's own rules apply as they do to a drawn note. The note is stamped with its
 * author, kept on this device during private writing, refused up front by a lock, held to the note
 * length limit. The server then judges the change as it judges any other.
 */

export interface CellRef {
  stage: JourneyStage
  lane: JourneyLane
}

/** A cell's rectangle in page space: its stage's columns by its lane's rows. */
export function getCellBox({ stage, lane }: CellRef): Box {
  return { x: stage.bounds.x, y: lane.bounds.y, w: stage.bounds.w, h: lane.bounds.h }
}

function getTakenBoxes(editor: Editor, journey: JourneyMap, cell: CellRef, except?: string): Box[] {
  const notes = journey.cells.find((c) => c.stageId === cell.stage.id && c.laneId === cell.lane.id)?.notes ?? []
  return notes.flatMap((n) => {
    if (n.id === except) return []
    const b = editor.getShapePageBounds(n.id as TLShapeId)
    return b ? [{ x: b.x, y: b.y, w: b.w, h: b.h }] : []
  })
}

/** Adds a sticky note with `text` in a free spot of the cell; returns its id. */
export function addNoteInCell(editor: Editor, journey: JourneyMap, cell: CellRef, text: string): TLShapeId {
  const id = createShapeId()
  const spot = findFreeNoteSpot(getCellBox(cell), getTakenBoxes(editor, journey, cell), NOTE_BASE_SIZE)
  editor.createShape({ id, type: 'note', x: spot.x, y: spot.y, props: { richText: toRichText(text) } })
  return id
}

/** Replaces a note's words (a sticky note's, a text's or a geo shape's label). */
export function editNoteText(editor: Editor, noteId: string, text: string): void {
  const shape = editor.getShape(noteId as TLShapeId)
  if (!shape || !('richText' in shape.props)) return
  editor.updateShape({ id: shape.id, type: shape.type, props: { richText: toRichText(text) } } as TLShapePartial)
}

export function deleteNote(editor: Editor, noteId: string): void {
  editor.deleteShapes([noteId as TLShapeId])
}

/**
 * Moves a note to a free spot of another cell, keeping its size. A note inside a frame or group is
 * taken out onto the page first, so that it lands where the table says.
 */
export function moveNoteToCell(editor: Editor, journey: JourneyMap, noteId: string, cell: CellRef): void {
  const id = noteId as TLShapeId
  const shape = editor.getShape(id)
  const bounds = editor.getShapePageBounds(id)
  if (!shape || !bounds) return
  const spot = findFreeNoteSpot(getCellBox(cell), getTakenBoxes(editor, journey, cell, noteId), Math.max(bounds.w, bounds.h))
  editor.run(() => {
    const pageId = editor.getCurrentPageId()
    if (shape.parentId !== pageId) editor.reparentShapes([id], pageId)
    const moved = editor.getShape(id)!
    // The shape's own origin is its top-left corner when it is not rotated.
    editor.updateShape({ id, type: moved.type, x: moved.x + spot.x - bounds.x, y: moved.y + spot.y - bounds.y } as TLShapePartial)
  })
}

/** Whether a note's words can be edited from the table (shapes whose words are rich text). */
export function isEditableNote(editor: Editor, noteId: string): boolean {
  const shape = editor.getShape(noteId as TLShapeId)
  return !!shape && 'richText' in shape.props
}
