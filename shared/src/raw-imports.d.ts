/** Test fixtures read as text through Vite's `?raw` suffix (vitest), since shared/ does no I/O. */
declare module '*?raw' {
  const text: string;
  export default text;
}
