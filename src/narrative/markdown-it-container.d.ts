// markdown-it-container ships no type declarations (the @types package is written against an
// older markdown-it); we use only its default export as a markdown-it plugin.
declare module 'markdown-it-container' {
  import type { MarkdownIt } from 'markdown-it';
  const container: (md: MarkdownIt, name: string, options?: { validate?: (params: string) => boolean }) => void;
  export default container;
}
