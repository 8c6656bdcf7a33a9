import fc from 'fast-check'

// CI runs the property tests with one fixed seed, so a landing never depends on the draw; local runs draw a new
// seed each time to keep finding cases (a failure prints its seed: FC_SEED=<seed> npm test replays it).
const seed = process.env.FC_SEED ?? (process.env.CI ? '20261124' : undefined)
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) })
