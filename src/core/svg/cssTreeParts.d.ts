// css-tree's parser, generator and walker on their own (about 80 KB), without the lexer and its 400 KB of CSS
// grammar data, which the allow-list does not need. @types/css-tree describes only the whole package.
declare module 'css-tree/parser' {
  import type { parse } from 'css-tree';
  const parser: typeof parse;
  export default parser;
}
declare module 'css-tree/generator' {
  import type { generate } from 'css-tree';
  const generator: typeof generate;
  export default generator;
}
declare module 'css-tree/walker' {
  import type { walk } from 'css-tree';
  const walker: typeof walk;
  export default walker;
}
