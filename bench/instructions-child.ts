/**
 * Child of bench/instructions.ts, run under valgrind: builds one scenario's message in one
 * contender's container, then parses it `warmup + count` times in a row with no-op sinks and
 * exits. Usage: instructions-child <scenario> <contender> <chunk> <warmup> <count> [--quick] [--dist]
 */
import { buildMessage, chunked } from './support/containers.js'
import { CONTENDERS } from './support/contenders.js'
import { Sinks } from './support/sinks.js'
import { chunkSource } from './support/source.js'
import { scenarios } from './throughput.js'

const [scenarioId, contenderId, chunk, warmup, count] = process.argv.slice(2)
const scenario = scenarios(process.argv.includes('--quick')).find(s => s.id === scenarioId)
const contender = CONTENDERS.find(c => c.id === contenderId)
if (scenario === undefined || contender === undefined) throw new Error(`unknown scenario ${scenarioId} or contender ${contenderId}`)
const message = buildMessage(scenario.parts)
const chunks = chunked(message.whole[contender.container], Number(chunk))
const sinks = new Sinks('noop')
const total = Number(warmup) + Number(count)
for (let i = 0; i < total; i++) await contender.run(chunkSource(chunks), sinks, message.parts)
