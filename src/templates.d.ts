declare module '*.mustache' {
  const template: string;
  export default template;
}

declare module '*.js.txt' {
  const source: string;
  export default source;
}
