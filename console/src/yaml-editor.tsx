import { useId, useImperativeHandle, useRef, type Ref } from 'react';

/** Something wrong with the document, placed at a 1-based line when the parser could. */
export interface EditorProblem {
  message: string;
  path: string;
  line: number | null;
}

export interface YamlEditorHandle {
  /** Selects the line, scrolls to it and focuses the editor. */
  goToLine: (line: number) => void;
}

const LINE_HEIGHT_REM = 1.4;

/**
 * A plain textarea with a line-number gutter that marks the lines with problems. No wrapping, so
 * gutter and text stay aligned; the gutter follows the textarea's scroll.
 */
export function YamlEditor({
  label,
  value,
  onChange,
  problems,
  ref,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  problems: readonly EditorProblem[];
  ref?: Ref<YamlEditorHandle>;
}) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLOListElement>(null);
  const escaped = useRef(false);
  const id = useId();
  const lines = value.split('\n');
  const problemLines = new Set(problems.flatMap((problem) => (problem.line ? [problem.line] : [])));
  useImperativeHandle(ref, () => ({
    goToLine: (line) => {
      const area = textarea.current;
      if (!area) return;
      const start = lines.slice(0, line - 1).reduce((offset, text) => offset + text.length + 1, 0);
      area.focus();
      area.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
      const lineHeight = parseFloat(getComputedStyle(area).lineHeight);
      area.scrollTop = Math.max(0, (line - 3) * lineHeight);
    },
  }));
  return (
    <div className="editor">
      <label htmlFor={id}>{label}</label>
      <div className="editor-frame" style={{ ['--editor-line' as string]: `${LINE_HEIGHT_REM}rem` }}>
        <ol className="gutter" ref={gutter} aria-hidden="true">
          {lines.map((_, index) => (
            <li key={index} className={problemLines.has(index + 1) ? 'problem' : undefined} data-line={index + 1}>
              {index + 1}
            </li>
          ))}
        </ol>
        <textarea
          id={id}
          ref={textarea}
          value={value}
          spellCheck={false}
          wrap="off"
          autoCapitalize="off"
          autoComplete="off"
          aria-invalid={problems.length > 0}
          aria-describedby={`${id}-problems`}
          onChange={(event) => onChange(event.target.value)}
          onScroll={(event) => {
            if (gutter.current) gutter.current.scrollTop = event.currentTarget.scrollTop;
          }}
          onKeyDown={(event) => {
            // Tab indents (two spaces, as YAML wants); Escape then Tab leaves the editor, as in other code editors.
            if (event.key !== 'Tab' || event.shiftKey || escaped.current) {
              escaped.current = event.key === 'Escape';
              return;
            }
            event.preventDefault();
            const area = event.currentTarget;
            const { selectionStart, selectionEnd } = area;
            onChange(`${value.slice(0, selectionStart)}  ${value.slice(selectionEnd)}`);
            requestAnimationFrame(() => area.setSelectionRange(selectionStart + 2, selectionStart + 2));
          }}
        />
      </div>
      <p className="hint" id={`${id}-problems`}>
        {problems.length === 0 ? 'No problems found.' : `${problems.length} problem${problems.length === 1 ? '' : 's'}, listed below.`} Tab indents; press Escape, then Tab, to leave the editor.
      </p>
    </div>
  );
}
