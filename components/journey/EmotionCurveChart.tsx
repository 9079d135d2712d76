import type { JourneyMap } from '../../lib/journey/journeySchema'

const WIDTH = 560
const HEIGHT = 200
const PAD = { left: 36, right: 12, top: 14, bottom: 42 }
// Numbers, not only faces: emoji fonts are missing on many workstations.
const LEVELS = [
  { score: 2, label: '+2' },
  { score: 1, label: '+1' },
  { score: 0, label: '0' },
  { score: -1, label: '−1' },
  { score: -2, label: '−2' },
]

/**
 * The emotion curve across the stages as an SVG line chart (scores −2..+2). Stages with no scored
 * note break the line rather than pretending a value.
 */
export function EmotionCurveChart({ journey }: { journey: JourneyMap }) {
  const stages = journey.stages
  const plotW = WIDTH - PAD.left - PAD.right
  const plotH = HEIGHT - PAD.top - PAD.bottom
  const x = (i: number) => PAD.left + (stages.length <= 1 ? plotW / 2 : (i * plotW) / (stages.length - 1))
  const y = (score: number) => PAD.top + ((2 - score) / 4) * plotH
  const points = stages.map((s, i) => {
    const p = journey.emotionCurve.find((e) => e.stageId === s.id)
    return p && p.score !== null ? { x: x(i), y: y(p.score), score: p.score, count: p.count, stage: s.name } : null
  })
  const segments: string[] = []
  let current: string[] = []
  for (const p of points) {
    if (p) current.push(`${p.x.toFixed(1)},${p.y.toFixed(1)}`)
    else if (current.length) {
      segments.push(current.join(' '))
      current = []
    }
  }
  if (current.length) segments.push(current.join(' '))

  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="w-full" role="img" aria-label="Emotion curve across the stages" data-testid="emotion-curve">
      {LEVELS.map((l) => (
        <g key={l.score}>
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(l.score)} y2={y(l.score)} stroke={l.score === 0 ? '#94a3b8' : '#e2e8f0'} strokeDasharray={l.score === 0 ? undefined : '3 3'} />
          <text x={PAD.left - 8} y={y(l.score) + 4} textAnchor="end" fontSize="12">
            {l.label}
          </text>
        </g>
      ))}
      {stages.map((s, i) => (
        <text key={s.id} x={x(i)} y={HEIGHT - PAD.bottom + 16} textAnchor="middle" fontSize="10" fill="#475569">
          {s.name.length > 14 ? s.name.slice(0, 13) + '…' : s.name}
        </text>
      ))}
      {segments.map((pts) => (
        <polyline key={pts} points={pts} fill="none" stroke="#2563eb" strokeWidth={2.5} strokeLinejoin="round" />
      ))}
      {points.map(
        (p, i) =>
          p && (
            <circle key={stages[i].id} cx={p.x} cy={p.y} r={4.5} fill="#2563eb">
              <title>{`${p.stage}: ${p.score.toFixed(1)} (${p.count} note${p.count === 1 ? '' : 's'})`}</title>
            </circle>
          ),
      )}
    </svg>
  )
}
