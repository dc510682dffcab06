// The printed table (metric | product | baseline | ratio | target | met?) and its notes.
import type { Figure } from './types';

function fmt(value: number | null, unit: string): string {
  if (value === null || Number.isNaN(value)) return '—';
  const text = Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
  return unit === 'per second' ? `${text}/s` : `${text} ${unit}`;
}

export function renderTable(figures: Figure[]): string {
  const header = ['metric', 'product', 'baseline', 'ratio', 'target', 'met?'];
  const rows = figures.map((f) => [
    f.metric,
    fmt(f.product, f.unit),
    fmt(f.baseline, f.unit),
    f.ratio === null ? '—' : `${f.ratio.toFixed(2)}×`,
    f.target || '—',
    f.met === null ? '—' : f.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join(' | ')} |`;
  const out = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
  const notes = figures.filter((f) => f.note).map((f) => `- ${f.metric}: ${f.note}`);
  if (notes.length) out.push('', ...notes);
  return out.join('\n');
}
