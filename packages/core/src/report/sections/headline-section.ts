/** The header: title, model identity and the headline figures of the first evaluation. */
import { escapeText } from '../escape.ts';
import { formatCount, formatPercent, formatScore } from '../format.ts';
import type { ReportData } from '../report-data.ts';

function card(label: string, value: string, hint: string): string {
  return `<div class="card"><div class="card-value">${escapeText(value)}</div><div class="card-label">${escapeText(label)}</div><div class="card-hint">${escapeText(hint)}</div></div>`;
}

export function headlineSection(data: ReportData, title: string): string {
  const meta: string[] = [];
  if (data.model?.version !== undefined) meta.push(`Model <code>${escapeText(data.model.version)}</code>`);
  if (data.model?.createdAt !== undefined) meta.push(`trained ${escapeText(data.model.createdAt)}`);
  if (data.generatedAt !== undefined) meta.push(`report generated ${escapeText(data.generatedAt)}`);
  const primary = data.evaluations[0];
  const cards =
    primary === undefined
      ? '<p class="empty">No evaluation results were given.</p>'
      : `<p class="cards-caption">Headline: <strong>${escapeText(primary.name)}</strong>, ${formatCount(primary.binary.rows)} flows${primary.binary.threshold === undefined ? '' : `, alert threshold ${escapeText(String(primary.binary.threshold))}`}.</p>` +
        '<div class="cards">' +
        card('Accuracy', formatPercent(primary.binary.accuracy), 'all flows') +
        card(
          'Attack recall',
          formatPercent(primary.binary.recall),
          `${formatCount(primary.binary.tp)} of ${formatCount(primary.binary.tp + primary.binary.fn)} attacks`,
        ) +
        card(
          'Benign FPR',
          formatPercent(primary.binary.fpr, 3),
          `${formatCount(primary.binary.fp)} of ${formatCount(primary.binary.fp + primary.binary.tn)} benign`,
        ) +
        card('Precision', formatPercent(primary.binary.precision), 'alerts that are attacks') +
        card('ROC-AUC', formatScore(primary.binary.rocAuc), 'threshold-free') +
        card('PR-AUC', formatScore(primary.binary.prAuc), 'average precision') +
        '</div>';
  const notes = (data.notes ?? []).map((note) => `<p class="note">${escapeText(note)}</p>`).join('');
  return (
    `<header class="report-header"><h1>${escapeText(title)}</h1>` +
    (data.subtitle === undefined ? '' : `<p class="subtitle">${escapeText(data.subtitle)}</p>`) +
    (meta.length === 0 ? '' : `<p class="meta">${meta.join(' · ')}</p>`) +
    `${cards}${notes}</header>`
  );
}
