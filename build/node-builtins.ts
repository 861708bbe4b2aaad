/**
 * The esbuild plugin that keeps Node built-ins out of the browser bundle. The
 * library may import exactly three: `node:stream`, bundled as the `readable-stream` package,
 * `node:buffer`, bundled as the `buffer` package, and `node:process` (for `nextTick`, the queue
 * streams defer their events to), bundled as the `process` package readable-stream itself uses. Any other `node:*` or bare built-in name that
 * our own code imports fails the build. Inside node_modules, the stand-ins' own dependencies
 * import a few built-in names on purpose, meaning the npm packages of those names (`events`,
 * `process/`, `string_decoder/`, `buffer`); those are allowed only when they resolve to that
 * package, or when the importing package's `browser` field disables them (iconv-lite's
 * optional `stream`).
 */
import { builtinModules } from 'node:module'
import { sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Plugin, PluginBuild } from 'esbuild'

/** The Node built-ins the library may import, and the npm package bundled for each. */
export const STAND_INS: Readonly<Record<string, string>> = {
  'node:stream': 'readable-stream',
  'node:buffer': 'buffer',
  'node:process': 'process',
}

/** Built-in names that dependencies may import, meaning the npm package of the same name. */
const POLYFILL_PACKAGES: ReadonlySet<string> = new Set(['buffer', 'events', 'process', 'string_decoder'])

const BUILTINS: ReadonlySet<string> = new Set(builtinModules)

/** Stand-ins are the project's own dependencies: resolved from its root, whoever imports them. */
const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** Marks the resolutions this plugin asks esbuild for, so that it does not see them twice. */
const SELF = Symbol('node-builtins')

/** The built-in module an import names (`node:fs/promises` -> `fs`), or undefined for a package. */
function builtinName (path: string): string | undefined {
  const bare = path.startsWith('node:') ? path.slice('node:'.length) : path
  const name = bare.replace(/\/$/, '')
  if (path.startsWith('node:') || BUILTINS.has(name)) return name.split('/')[0]
  return undefined
}

function insideNodeModules (file: string): boolean {
  return file.split(sep).includes('node_modules')
}

function refuse (path: string, why: string): { errors: Array<{ text: string }> } {
  return { errors: [{ text: `Node built-in "${path}" is not allowed in the browser bundle: ${why}` }] }
}

export function nodeBuiltins (): Plugin {
  return {
    name: 'node-builtins',
    setup (build: PluginBuild) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === SELF) return undefined
        const name = builtinName(args.path)
        if (name === undefined) return undefined
        if (!insideNodeModules(args.importer)) {
          const standIn = STAND_INS[args.path]
          if (standIn !== undefined) return build.resolve(standIn, { kind: args.kind, resolveDir: ROOT, pluginData: SELF })
          return refuse(args.path, `only ${Object.keys(STAND_INS).join(', ')} are`)
        }
        const result = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: SELF })
        if (result.errors.length > 0) return refuse(args.path, `${args.importer} imports it and no package of that name is installed`)
        // A package's `browser` field can map a built-in to false: esbuild then hands back the
        // bare name with no error and bundles an empty module.
        const disabled = result.path === args.path
        if (disabled || (POLYFILL_PACKAGES.has(name) && result.path.includes(`${sep}node_modules${sep}${name}${sep}`))) return undefined
        return refuse(args.path, `${args.importer} imports it, and it resolves to ${result.path}, not to one of the npm packages ${[...POLYFILL_PACKAGES].join(', ')}`)
      })
    },
  }
}
