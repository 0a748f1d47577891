import { Input, theme } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { type RefObject, useRef } from 'react';

const lineHeight = 20;
const rows = 30;
/** Textarea padding + border, so the gutter's numbers sit on the textarea's lines. */
const padTop = 5;
const font = {
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  fontSize: 13,
  lineHeight: `${lineHeight}px`,
};

/** Selects line `line` (1-based) of the textarea and scrolls it into view. */
export function selectLine(editor: TextAreaRef | null, line: number): void {
  const textarea = editor?.resizableTextArea?.textArea;
  if (!textarea) return;
  const lines = textarea.value.split('\n');
  const start = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0);
  textarea.focus();
  textarea.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
  textarea.scrollTop = Math.max(0, (line - 1) * lineHeight - (rows / 3) * lineHeight);
}

interface Props {
  value: string;
  onChange: (value: string) => void;
  /** Lines (1-based) to mark in the gutter: where the server found problems. */
  marks: Set<number>;
  editorRef: RefObject<TextAreaRef | null>;
}

/** A monospace JSON textarea with a line-number gutter that marks problem lines in red. */
export function JsonEditor({ value, onChange, marks, editorRef }: Props) {
  const { token } = theme.useToken();
  const gutter = useRef<HTMLDivElement>(null);
  const count = value.split('\n').length;
  const height = rows * lineHeight + 2 * padTop;

  return (
    <div style={{ display: 'flex', alignItems: 'stretch' }}>
      <div
        ref={gutter}
        aria-hidden
        data-testid="editor-gutter"
        style={{
          ...font,
          height,
          overflow: 'hidden',
          paddingTop: padTop,
          paddingBottom: 2 * lineHeight,
          width: 68,
          flex: 'none',
          whiteSpace: 'nowrap',
          textAlign: 'right',
          userSelect: 'none',
          color: token.colorTextTertiary,
          background: token.colorFillQuaternary,
          borderRadius: `${token.borderRadius}px 0 0 ${token.borderRadius}px`,
        }}
      >
        {Array.from({ length: count }, (_, index) => {
          const line = index + 1;
          const marked = marks.has(line);
          return (
            <div
              key={line}
              data-testid={marked ? 'editor-line-mark' : undefined}
              data-line={marked ? line : undefined}
              style={{
                height: lineHeight,
                overflow: 'hidden',
                paddingInline: 8,
                color: marked ? token.colorError : undefined,
                background: marked ? token.colorErrorBg : undefined,
                fontWeight: marked ? 600 : undefined,
              }}
            >
              {marked ? `● ${line}` : line}
            </div>
          );
        })}
      </div>
      <Input.TextArea
        ref={editorRef}
        data-testid="policy-json"
        aria-label="JSON"
        value={value}
        spellCheck={false}
        wrap="off"
        onChange={(event) => onChange(event.target.value)}
        onScroll={(event) => {
          if (gutter.current) gutter.current.scrollTop = event.currentTarget.scrollTop;
        }}
        style={{
          ...font,
          height,
          resize: 'none',
          whiteSpace: 'pre',
          overflow: 'auto',
          padding: `${padTop - 1}px 8px`,
          borderStartStartRadius: 0,
          borderEndStartRadius: 0,
        }}
      />
    </div>
  );
}
