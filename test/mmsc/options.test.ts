/**
 * The MMSC's options and main.ts's flags are checked where they are given: each wrong one is
 * refused at once, naming it, and never reaches a request.
 */
import t from 'tap'
import { parseCommandLine, UsageError, usageOf } from '../../examples/mmsc/cli.js'
import { type MmscOptions, settings } from '../../examples/mmsc/config.js'
import { MmscOptionError } from '../../examples/mmsc/options.js'
import { PapNotifier } from '../../examples/mmsc/pap-notifier.js'
import { SmppNotifier } from '../../examples/mmsc/smpp-notifier.js'
import { LocalStore } from '../../lib/store/index.js'

const base: MmscOptions = { store: new LocalStore('/nonexistent-never-written'), notifier: { push: async () => {}, close: async () => {} } }

t.test('each wrong option throws MmscOptionError naming it', async t => {
  const wrong: Array<[string, Record<string, unknown>]> = [
    ['limits.maxMessageBytes', { limits: { maxMessageBytes: Number('abc') } }],
    ['limits.maxMessageBytes', { limits: { maxMessageBytes: Infinity } }],
    ['limits.maxParts', { limits: { maxParts: 0 } }],
    ['limits.maxRecipients', { limits: { maxRecipients: 2.5 } }],
    ['limits.maxHeaderBytes', { limits: { maxHeaderBytes: '16384' } }],
    ['limits.maxRecordBytes', { limits: { maxRecordBytes: -1 } }],
    ['limits.maxMesageBytes', { limits: { maxMesageBytes: 10 } }],
    ['timeouts.idleMs', { timeouts: { idleMs: 2 ** 31 } }],
    ['timeouts.connectionIdleMs', { timeouts: { connectionIdleMs: 0 } }],
    ['timeouts.headersMs', { timeouts: { headersMs: 400_000 } }],
    ['timeouts.keepalive', { timeouts: { keepalive: 5 } }],
    ['expiry.defaultSeconds', { expiry: { defaultSeconds: 90, maxSeconds: 60 } }],
    ['expiry.maxSeconds', { expiry: { maxSeconds: NaN } }],
    ['schedule.maxAttempts', { schedule: { maxAttempts: 0 } }],
    ['schedule.intervalMs', { schedule: { intervalMs: 2 ** 31 } }],
    ['schedule.firstDelayMs', { schedule: { firstDelayMs: 120_000, maxDelayMs: 60_000 } }],
    ['schedule.intervalms', { schedule: { intervalms: 5 } }],
    ['limits', { limits: 5 }],
    ['senderheader', { senderheader: 'x-msisdn' }],
    ['senderHeader', { senderHeader: '' }],
    ['senderHeader', { senderHeader: null }],
    ['senderHeader', { senderHeader: 'x msisdn' }],
    ['trustFrom', { trustFrom: 'yes' }],
    ['trustFrom', { trustFrom: true, senderHeader: 'x-msisdn' }],
    ['publicUrl', { publicUrl: 'mmsc.example:8080' }],
    ['publicUrl', { publicUrl: 'ftp://mmsc.example' }],
    ['path', { path: 'mms' }],
    ['path', { path: '/mms/' }],
    ['store', { store: {} }],
    ['notifier', { notifier: undefined }],
    ['log', { log: 'console' }],
  ]
  for (const [option, given] of wrong) {
    const err = t.throws(() => settings({ ...base, ...given } as MmscOptions), MmscOptionError, option) as MmscOptionError
    t.equal(err.option, option, JSON.stringify(given))
    t.match(err.message, `option ${option}: `)
  }
})

t.test('right options resolve; one given as undefined keeps its default; trustFrom drops the header', async t => {
  // As a JavaScript caller may write it: undefined for "not given".
  const limits = { maxParts: undefined, maxRecordBytes: 4096 } as unknown as NonNullable<MmscOptions['limits']>
  const resolved = settings({ ...base, limits, timeouts: { shutdownMs: 0 }, expiry: { maxSeconds: 3600, defaultSeconds: 600 } })
  t.equal(resolved.limits.maxParts, 100)
  t.equal(resolved.limits.maxRecordBytes, 4096)
  t.equal(resolved.timeouts.shutdownMs, 0)
  t.equal(resolved.timeouts.connectionIdleMs, 10_000, 'a finite default')
  t.same(resolved.expiry, { defaultSeconds: 600, maxSeconds: 3600 })
  t.equal(resolved.senderHeader, 'x-msisdn', 'the sender header is on unless trustFrom says otherwise')
  t.equal(settings({ ...base, trustFrom: true }).senderHeader, null)
  t.equal(settings({ ...base, trustFrom: false, senderHeader: 'X-Caller' }).senderHeader, 'x-caller')
})

t.test('the command line: flags checked, each error naming its flag', async t => {
  const wrong: Array<[string[], RegExp]> = [
    [['--max-message-bytes', 'abc'], /^--max-message-bytes: must be a whole number; got "abc"/],
    [['--max-message-bytes', '1e3'], /^--max-message-bytes: /],
    [['--max-message-bytes', '-5'], /--max-message-bytes/],
    [['--max-mesage-bytes', '1000'], /'--max-mesage-bytes'/],
    [['--port', '70000'], /^--port: /],
    [['--port', ''], /^--port: /],
    [['--connection-idle-ms', '10s'], /^--connection-idle-ms: /],
    [['--smsc', 'smpp://a:1', '--ppg', 'http://b/'], /--smsc and --ppg/],
    [['--store', ''], /^--store: /],
    [['extra'], /extra/],
    [['--trust-from=yes'], /--trust-from/],
  ]
  for (const [argv, message] of wrong) t.throws(() => parseCommandLine(argv), { name: 'UsageError', message }, argv.join(' '))
  const command = parseCommandLine(['--port', '0', '--max-message-bytes', '1000', '--connection-idle-ms', '250', '--trust-from',
    '--sweep-interval-ms', '500', '--max-attempts', '3', '--retry-delay-ms', '100'])
  t.equal(command.port, 0)
  t.equal(command.sharedStore, false)
  t.equal(parseCommandLine(['--shared-store']).sharedStore, true)
  t.same(command.options, {
    trustFrom: true, limits: { maxMessageBytes: 1000 }, timeouts: { connectionIdleMs: 250 },
    schedule: { intervalMs: 500, maxAttempts: 3, firstDelayMs: 100 },
  })
})

t.test('the MM4 flags: the mm4 option and the SMTP port, checked, each error naming its flag', async t => {
  const mm4 = ['--mm4-domain', 'mms.a.example', '--mm4-relay', '127.0.0.1:2500']
  const wrong: Array<[string[], RegExp]> = [
    [['--mm4-relay', 'relay:25'], /^--mm4-relay: needs --mm4-domain/],
    [['--mm4-peer', 'mms.b.example=127.0.0.1'], /^--mm4-peer: needs --mm4-domain/],
    [['--mm4-port', '25'], /^--mm4-port: needs --mm4-domain/],
    [['--mm4-domain', 'mms.a.example', '--mm4-peer', 'mms.b.example=127.0.0.1'], /^--mm4-relay: MM4 needs the mail relay/],
    [mm4, /^--mm4-peer: MM4 needs at least one peer/],
    [[...mm4, '--mm4-peer', 'mms.b.example'], /^--mm4-peer: must be <domain>=<address>/],
    [[...mm4, '--mm4-peer', '=127.0.0.1'], /^--mm4-peer: must be <domain>=<address>/],
    [[...mm4, '--mm4-peer', 'mms.b.example=127.0.0.1,relay.example'], /^--mm4-peer: each address must be an IP address/],
    [[...mm4, '--mm4-peer-login', 'mms.c.example=c'], /^--mm4-peer-login: must be <domain>=<user>:<password>/],
    [[...mm4, '--mm4-peer-login', 'mms.c.example=c:x', '--mm4-peer-login', 'mms.c.example=d:y'], /^--mm4-peer-login: mms\.c\.example has a login already/],
    [['--mm4-domain', 'a', '--mm4-relay', 'relay:25/x', '--mm4-peer', 'b=::1'], /^--mm4-relay: must be host:port/],
    [['--mm4-domain', 'a', '--mm4-relay', 'relay:99999', '--mm4-peer', 'b=::1'], /^--mm4-relay: must be host:port/],
    [[...mm4, '--mm4-peer', 'b=::1', '--mm4-port', '65536'], /^--mm4-port: /],
    [[...mm4, '--mm4-peer', 'b=::1', '--mm4-max-message-bytes', 'lots'], /^--mm4-max-message-bytes: /],
  ]
  for (const [argv, message] of wrong) t.throws(() => parseCommandLine(argv), { name: 'UsageError', message }, argv.join(' '))
  t.equal(parseCommandLine([]).mm4Port, undefined, 'MM4 off by default')
  t.equal(parseCommandLine([]).options.mm4, undefined)
  const command = parseCommandLine([...mm4, '--mm4-peer', 'mms.b.example=127.0.0.1,::1', '--mm4-peer', 'MMS.B.example=192.0.2.7',
    '--mm4-peer-login', 'mms.c.example=c:se:cret', '--mm4-peer-login', 'mms.b.example=b:pw', '--mm4-port', '0', '--mm4-max-message-bytes', '4096'])
  t.equal(command.mm4Port, 0)
  t.same(command.options.mm4, {
    domain: 'mms.a.example',
    relay: { host: '127.0.0.1', port: 2500 },
    peers: [{ domain: 'mms.b.example', addresses: ['127.0.0.1', '::1', '192.0.2.7'], user: 'b', password: 'pw' }, { domain: 'mms.c.example', user: 'c', password: 'se:cret' }],
    maxMessageBytes: 4096,
  }, 'a peer\'s flags join by domain; a password may hold a colon')
  const defaults = parseCommandLine(['--mm4-domain', 'mms.a.example', '--mm4-relay', '[::1]', '--mm4-peer-login', 'mms.b.example=b:pw'])
  t.equal(defaults.mm4Port, 2525)
  t.same(defaults.options.mm4?.relay, { host: '::1', port: 25 })
  t.ok(settings({ ...base, ...command.options }), 'a configuration the MMSC takes')
})

t.test('a range the MMSC checks is told under the flag that set it', async t => {
  const cases: Array<[string[], RegExp]> = [
    [['--max-message-bytes', '0'], /^--max-message-bytes: must be a whole number from 1 to /],
    [['--shutdown-ms', '9999999999'], /^--shutdown-ms: /],
    [['--max-attempts', '0'], /^--max-attempts: must be a whole number from 1 to 1000/],
    [['--request-ms', '0'], /^--request-ms: /],
    [['--retry-delay-ms', '7200000'], /^--retry-delay-ms: must not exceed schedule.maxDelayMs/],
    [['--sender-header', ''], /^--sender-header: must be an HTTP field name/],
    [['--trust-from', '--sender-header', 'x-msisdn'], /^--trust-from: excludes senderHeader/],
    [['--mm4-domain', 'not a domain', '--mm4-relay', 'relay', '--mm4-peer', 'b=::1'], /^--mm4-domain: must be a domain name/],
    [['--mm4-domain', 'a', '--mm4-relay', 'relay:0', '--mm4-peer', 'b=::1'], /^--mm4-relay: must be a whole number from 1 to 65535/],
    [['--mm4-domain', 'a', '--mm4-relay', 'relay', '--mm4-peer', 'b=::1', '--mm4-peer', 'c_d=::1'], /^--mm4-peer or --mm4-peer-login: must be a domain name; got c_d/],
    [['--mm4-domain', 'a', '--mm4-relay', 'relay', '--mm4-peer', 'b=::1', '--mm4-max-message-bytes', '10'], /^--mm4-max-message-bytes: must be a whole number from 1024/],
  ]
  for (const [argv, message] of cases) {
    const command = parseCommandLine(argv)
    const err = t.throws(() => settings({ ...base, ...command.options }), MmscOptionError) as MmscOptionError
    const usage = usageOf(err)
    t.type(usage, UsageError)
    t.match(usage.message, message, argv.join(' '))
  }
})

t.test('the notifiers check theirs when made, told under their flags', async t => {
  const smpp = { url: 'smpp://127.0.0.1:2775', systemId: 'mmsc', password: '', source: '6245' }
  const wrong: Array<[() => unknown, string, RegExp]> = [
    [() => new SmppNotifier({ ...smpp, url: 'http://smsc:2775' }), 'smsc.url', /^--smsc: must be a smpp: URL/],
    [() => new SmppNotifier({ ...smpp, source: '' }), 'smsc.source', /^--source: /],
    [() => new SmppNotifier({ ...smpp, timeoutMs: 0 }), 'smsc.timeoutMs', /^option smsc\.timeoutMs: /],
    [() => new PapNotifier({ url: 'ppg:8080' }), 'ppg.url', /^--ppg: must be a http: or https: URL/],
    [() => new PapNotifier({ url: 'http://ppg/', timeoutMs: Infinity }), 'ppg.timeoutMs', /^option ppg\.timeoutMs: /],
  ]
  for (const [make, option, message] of wrong) {
    const err = t.throws(make, MmscOptionError, option) as MmscOptionError
    t.equal(err.option, option)
    t.match(usageOf(err).message, message, option)
  }
})
