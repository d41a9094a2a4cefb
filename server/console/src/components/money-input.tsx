/** Yuan entry for a fen field: the form value stays integer fen; typing goes through parseYuan (no floats). */
import { Input } from 'antd';
import { useEffect, useState } from 'react';
import { formatFen, parseYuan } from '@homeclub/shared';

export function FenInput({ value, onChange, placeholder, testId }: { value?: number | null; onChange?: (fen: number | null) => void; placeholder?: string; testId?: string }) {
  const [text, setText] = useState(value == null ? '' : formatFen(value, { symbol: false }));
  useEffect(() => {
    setText((t) => {
      try {
        if (value != null && t !== '' && parseYuan(t) === value) return t;
      } catch {
        /* keep typing */
      }
      return value == null ? '' : formatFen(value, { symbol: false });
    });
  }, [value]);
  return (
    <Input
      prefix="¥"
      style={{ width: 160 }}
      value={text}
      placeholder={placeholder}
      data-testid={testId}
      onChange={(e) => {
        const t = e.target.value;
        setText(t);
        try {
          onChange?.(t.trim() === '' ? null : parseYuan(t));
        } catch {
          onChange?.(Number.NaN);
        }
      }}
    />
  );
}

/** A form rule: a whole-fen amount was entered (NaN = not a yuan amount). */
export const fenRule = (required: boolean, label: string) => ({
  validator: (_: unknown, v: number | null | undefined) =>
    v == null ? (required ? Promise.reject(new Error(`请填写${label}`)) : Promise.resolve()) : Number.isNaN(v) || v < 0 ? Promise.reject(new Error(`${label}格式不正确，如 50 或 49.90`)) : Promise.resolve(),
});
