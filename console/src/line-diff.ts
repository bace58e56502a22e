/** One line of a diff: kept in both texts, only in the old one (removed) or only in the new one (added). */
export interface DiffLine {
  kind: 'same' | 'removed' | 'added';
  text: string;
  /** 1-based line in the old text (same, removed) and in the new text (same, added). */
  oldLine: number | null;
  newLine: number | null;
}

/**
 * A line diff by longest common subsequence, O(n·m) in time and space: fine for rules documents
 * (hundreds of lines), which is all the console compares.
 */
export function diffLines(oldText: string, newText: string): DiffLine[] {
  const before = oldText.split('\n');
  const after = newText.split('\n');
  const width = after.length + 1;
  // common[i * width + j]: length of the longest common subsequence of before[i..] and after[j..].
  const common = new Uint32Array((before.length + 1) * width);
  for (let i = before.length - 1; i >= 0; i--) {
    for (let j = after.length - 1; j >= 0; j--) {
      common[i * width + j] = before[i] === after[j] ? common[(i + 1) * width + j + 1] + 1 : Math.max(common[(i + 1) * width + j], common[i * width + j + 1]);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    if (i < before.length && j < after.length && before[i] === after[j]) {
      lines.push({ kind: 'same', text: before[i], oldLine: ++i, newLine: ++j });
    } else if (j < after.length && (i === before.length || common[i * width + j + 1] >= common[(i + 1) * width + j])) {
      lines.push({ kind: 'added', text: after[j], oldLine: null, newLine: ++j });
    } else {
      lines.push({ kind: 'removed', text: before[i], oldLine: ++i, newLine: null });
    }
  }
  return lines;
}
