// fontkit ships no type declarations; we use only openSync and treat the result as opaque.
declare module 'fontkit' {
  export function openSync(path: string): unknown;
}

