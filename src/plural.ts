/** "1 file", "2 files": a count with its noun, for every message that counts something. */
export function plural(count: number, noun: string, many = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : many}`;
}
