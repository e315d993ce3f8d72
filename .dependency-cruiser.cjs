/** [LAYERS] Imports point inward: cli -> streams -> src. src is pure: no node: modules, no rxjs. */
module.exports = {
  forbidden: [
    { name: 'src-is-pure', severity: 'error', comment: 'src/ is the pure core: no I/O, no rxjs, no outer layers',
      from: { path: '^src/' }, to: { path: '^(streams|cli|bench)/|^node:|node_modules/rxjs|^(fs|net|tls|os|child_process|readline|stream)$', dependencyTypes: ['local', 'core', 'npm', 'npm-dev', 'npm-no-pkg', 'npm-unknown'] } },
    { name: 'streams-not-cli', severity: 'error', comment: 'streams/ may not reach up into cli/',
      from: { path: '^streams/' }, to: { path: '^(cli|bench)/' } },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'product-not-test', severity: 'error', from: { path: '^(src|streams|cli)/' }, to: { path: '^test/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^dist/' },
  },
};
