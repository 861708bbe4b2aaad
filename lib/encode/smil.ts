/**
 * A SMIL presentation for the parts of a message (OMA-TS-MMS_CONF 1.3 §8: one slide per image or
 * video, audio and text; an Image region above a Text region).
 */
import { invalidArgument, toObject } from '../bytes/argument.js'

type Slot = 'visual' | 'audio' | 'text' | 'ref'

function slotOf (mediaType: string): Slot {
  if (mediaType.startsWith('image/') || mediaType.startsWith('video/')) return 'visual'
  if (mediaType.startsWith('audio/')) return 'audio'
  if (mediaType === 'text/plain') return 'text'
  return 'ref'
}

const SLIDE_MS = 5000

/** One `<par>` per slide: a new slide whenever the current one already holds a part of that slot. */
export function smilDocument (parts: ReadonlyArray<{ name: string, mediaType: string }>): string {
  if (!Array.isArray(parts)) throw invalidArgument('parts', 'an array', parts)
  for (const [index, part] of parts.entries()) {
    const { name, mediaType } = toObject<{ name: unknown, mediaType: unknown }>(part, `parts[${index}]`)
    if (typeof name !== 'string') throw invalidArgument(`parts[${index}].name`, 'a string', name)
    if (typeof mediaType !== 'string') throw invalidArgument(`parts[${index}].mediaType`, 'a string', mediaType)
  }
  const slides: Array<Map<Slot, string>> = []
  for (const part of parts) {
    const slot = slotOf(part.mediaType)
    const element = slot === 'visual' ? (part.mediaType.startsWith('video/') ? 'video' : 'img')
      : slot === 'audio' ? 'audio' : slot === 'text' ? 'text' : 'ref'
    const region = slot === 'visual' ? ' region="Image"' : slot === 'text' ? ' region="Text"' : ''
    let slide = slides[slides.length - 1]
    if (slide === undefined || slide.has(slot)) slides.push(slide = new Map())
    slide.set(slot, `<${element} src="${xmlEscape(part.name)}"${region}/>`)
  }
  const visual = parts.some((p) => slotOf(p.mediaType) === 'visual')
  const text = parts.some((p) => slotOf(p.mediaType) === 'text')
  const regions = [
    visual ? `<region id="Image" left="0" top="0" width="100%" height="${text ? '70%' : '100%'}" fit="meet"/>` : '',
    text ? `<region id="Text" left="0" top="${visual ? '70%' : '0'}" width="100%" height="${visual ? '30%' : '100%'}" fit="scroll"/>` : '',
  ].join('')
  const body = slides.map((slide) => `<par dur="${SLIDE_MS}ms">${[...slide.values()].join('')}</par>`).join('')
  return `<smil><head><layout><root-layout width="320" height="480"/>${regions}</layout></head><body>${body}</body></smil>`
}

function xmlEscape (text: string): string {
  return text.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`)
}
