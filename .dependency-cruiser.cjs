/** Layer rules from DESIGN.md: pure domains, and modules that meet only through index.ts. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ holds pure rules: no Nest, no TypeORM, no database, no I/O',
      severity: 'error',
      from: { path: '/domain/' },
      to: {
        path: ['node_modules/@nestjs', 'node_modules/typeorm', 'node_modules/pg', '/application/', '/infrastructure/', '/http/'],
      },
    },
    {
      name: 'domain-does-no-io',
      comment: 'domain/ may use pure built-ins (crypto, url) but none that reach disks, networks or processes',
      severity: 'error',
      from: { path: '/domain/' },
      to: {
        dependencyTypes: ['core'],
        path: '^(node:)?(fs|fs/promises|net|http|https|http2|tls|dns|dgram|child_process|cluster|worker_threads|process|os|readline|repl|vm|inspector|sqlite)$',
      },
    },
    {
      name: 'application-does-not-use-http',
      comment: 'services take domain types; controllers and DTOs at the edge depend on services, never the reverse',
      severity: 'error',
      from: { path: '/application/' },
      to: { path: '/http/' },
    },
    {
      name: 'modules-meet-through-index',
      comment: 'a module is used from outside only through what its index.ts exports',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/([^/]+)/(?!index\\.ts$)', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'outside-uses-index',
      comment: 'code outside the modules uses them through index.ts',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/modules/' },
      to: { path: '^src/modules/[^/]+/(?!index\\.ts$)' },
    },
    {
      name: 'only-login-depends-on-many',
      comment: 'nobody depends on the login module (it orchestrates the others)',
      severity: 'error',
      from: { path: '^src/modules/(?!login/)', pathNot: '^src/app\\.module\\.ts$' },
      to: { path: '^src/modules/login/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js'],
    },
  },
};
