// Import boundaries of rlbound (docs/architecture.md), checked by `npm run lint:imports` in `npm test`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'lab-is-a-plugin',
      comment:
        "The measurement side (bench, sample, verify, study, analyze, pipeline, queue, report, view, config, util) never imports the lab: the lab registers its benchmarks and verifier as a plugin (src/lab/plugin.ts), called by the edges (src/cli, src/index.ts). src/serve is the lab's own server.",
      severity: 'error',
      from: { path: '^src/(?!lab/|cli/|serve/|index\\.ts$)' },
      to: { path: '^src/lab/' },
    },
    {
      name: 'cli-is-the-edge',
      comment: 'Library code never imports the command line: commands wrap library functions, not the other way round.',
      severity: 'error',
      from: { path: '^src/(?!cli/)' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'analyze-is-pure',
      comment:
        'src/analyze is pure computation on outcomes: no store, no sampling, no I/O modules of the project (the math verifier, pure too, decides answer equivalence).',
      severity: 'error',
      from: { path: '^src/analyze/' },
      to: { path: '^src/(?!analyze/|util/|verify/math/|errors\\.ts$)' },
    },
    {
      name: 'config-is-an-edge',
      comment: 'Study-file parsing (src/config) depends on nothing but the error types, the store types and zod/yaml, so every layer may read configuration.',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: '^src/(?!config/|errors\\.ts$|study/types\\.ts$)' },
    },
    {
      name: 'no-circular',
      comment:
        'Modules import each other in one direction. Exempt: the LaTeX parser of the math verifier (a recursive-descent grammar recurses by design) and one cycle of the lab sampler (src/lab/model/sample-chunks.ts ↔ sampler.ts) that its owners should break.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(verify/math/latex/|lab/model/(sample-chunks|sampler)\\.ts$)' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Only our own modules matter for these rules.
    exclude: { path: '^(node_modules|dist|assembly)/' },
  },
};
