// One jest config for unit tests (*.spec.ts beside the code) and end-to-end tests (test/ *.e2e-spec.ts).
const swcrc = JSON.parse(require('fs').readFileSync(__dirname + '/.swcrc', 'utf8'));
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swcrc, jsc: { ...swcrc.jsc, baseUrl: __dirname } }],
    // jose ships ES modules only: Node (>= 20.19) requires them as they are, jest's module system needs CommonJS.
    '^.+/node_modules/jose/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' }, jsc: { target: 'es2022' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper: {
    '^@ledger/(audit|domain|event-store|ledger|projections|operations|demo|integrity|reports|kernel)$':
      '<rootDir>/libs/$1/src',
    '^@ledger/(audit|domain|event-store|ledger|projections|operations|demo|integrity|reports|kernel)/(.*)$':
      '<rootDir>/libs/$1/src/$2',
  },
  testTimeout: 60000,
};
