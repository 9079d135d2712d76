import { z } from 'zod'

/**
 * What a note carries beyond its text, in the note shape's `meta` (README, "Document layout"): an
 * emotion score picked on the note, tags from the board's list, the persona it speaks for, the group
 * it was converged into, a comment thread and emoji reactions. The journey model, the exports, the
 * import and the server's policy all read these through this one schema.
 */

/** The reactions anyone may put on a note, one of each per person. */
export const NOTE_REACTIONS = ['👍', '❤️', '😮', '😂', '❓', '💡'] as const
export type NoteReaction = (typeof NOTE_REACTIONS)[number]

export const MAX_COMMENT_CHARS = 2_000
export const MAX_COMMENTS_PER_NOTE = 200
export const MAX_TAG_CHARS = 40
export const MAX_TAGS_PER_NOTE = 10
/** Tags in the board's list (`session.tags`), curated by facilitators. */
export const MAX_BOARD_TAGS = 50

export const NoteCommentSchema = z.object({
  id: z.string().min(1).max(64).describe('Unique within the note.'),
  authorId: z.string().max(200).describe("The writer's identity, set from who wrote it."),
  author: z.string().max(200).describe("The writer's display name."),
  at: z.number().describe('Written, ms since the epoch.'),
  editedAt: z.number().nullable().describe('Last edited by its author, ms since the epoch, or null.'),
  text: z.string().min(1).max(MAX_COMMENT_CHARS),
})
export type NoteComment = z.infer<typeof NoteCommentSchema>

/** Per reaction, who gave it: user id → display name. */
export const NoteReactionsMetaSchema = z.partialRecord(z.enum(NOTE_REACTIONS), z.record(z.string().max(200), z.string().max(200)))
export type NoteReactionsMeta = z.infer<typeof NoteReactionsMetaSchema>

export const TagSchema = z.string().trim().min(1).max(MAX_TAG_CHARS)

/** The extras in a note's `meta`; every field may be absent (a note written before they existed). */
export const NoteExtrasMetaSchema = z.object({
  emotionScore: z.number().int().min(-2).max(2).nullable().optional(),
  tags: z.array(TagSchema).max(MAX_TAGS_PER_NOTE).optional(),
  personaId: z.string().max(200).nullable().optional().describe('Shape id of a persona card.'),
  groupId: z.string().max(200).nullable().optional().describe("Shape id of the group title (a text shape with meta.jbRole 'group')."),
  comments: z.array(NoteCommentSchema).max(MAX_COMMENTS_PER_NOTE).optional(),
  reactions: NoteReactionsMetaSchema.optional(),
})
export type NoteExtrasMeta = z.infer<typeof NoteExtrasMetaSchema>

/** A note's extras with every field present: what a reader works with. */
export interface NoteExtras {
  emotionScore: number | null
  tags: string[]
  personaId: string | null
  groupId: string | null
  comments: NoteComment[]
  reactions: NoteReactionsMeta
}

/**
 * Reads a note's extras from its `meta`, field by field: a field that does not match its schema
 * (written by an older or a hostile client) reads as empty, and the others still count.
 */
export function readNoteExtras(meta: Readonly<Record<string, unknown>> | undefined): NoteExtras {
  const shape = NoteExtrasMetaSchema.shape
  // Most notes carry no extras: an absent field is empty without a parse (buildJourney and the
  // server's policy read every changed note).
  const read = <T>(schema: z.ZodType<T>, value: unknown): T | undefined => {
    if (value === undefined) return undefined
    const parsed = schema.safeParse(value)
    return parsed.success ? parsed.data : undefined
  }
  return {
    emotionScore: read(shape.emotionScore, meta?.emotionScore) ?? null,
    tags: read(shape.tags, meta?.tags) ?? [],
    personaId: read(shape.personaId, meta?.personaId) ?? null,
    groupId: read(shape.groupId, meta?.groupId) ?? null,
    comments: read(shape.comments, meta?.comments) ?? [],
    reactions: read(shape.reactions, meta?.reactions) ?? {},
  }
}
