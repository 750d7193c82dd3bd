// dtable-web-api ships no types; the test declares the calls it makes (test/dtable-web-api.test.ts).
declare module 'dtable-web-api' {
  const module: unknown;
  export default module;
}
