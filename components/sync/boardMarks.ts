/**
 * Performance marks the board page sets while it opens, read by the browser bench (and set by the
 * bench's stock tldraw page too). A module of its own so neither side has to load the board's code.
 */
export const BOARD_MARKS = { docSynced: 'journey-board:doc-synced', storeLoaded: 'journey-board:store-loaded' } as const
