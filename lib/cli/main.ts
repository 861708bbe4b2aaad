#!/usr/bin/env node
/**
 * The `mmse` bin (package.json `bin`): runs lib/cli/run.ts on the process's arguments, streams
 * and directory, and sets the exit code it answers.
 */
import { processIo } from './io.js'
import { main } from './run.js'
import { removeOnSignals } from './signals.js'

const io = processIo()

// A reader that goes away (`mmse inspect x | head`, EPIPE) is not an error of ours.
io.stdout.on('error', () => {})
removeOnSignals(io.leftovers, process)

process.exitCode = await main(process.argv.slice(2), io)
