/** Model metadata: identity, threshold, classes, hyper-parameters and the feature names in model order. */
import { escapeText } from '../escape.ts';
import { formatValue } from '../format.ts';
import type { ModelSummary } from '../report-data.ts';
import { humanize } from './table.ts';

function facts(entries: [string, unknown][]): string {
  const shown = entries.filter(([, v]) => v !== undefined);
  if (shown.length === 0) return '';
  return `<dl class="facts">${shown
    .map(([k, v]) => {
      const text = formatValue(v);
      const code = typeof v === 'object' && v !== null && !Array.isArray(v);
      return `<dt>${escapeText(k)}</dt><dd>${code ? `<code>${escapeText(text)}</code>` : escapeText(text)}</dd>`;
    })
    .join('')}</dl>`;
}

export function modelSection(model: ModelSummary | undefined): string {
  if (model === undefined) return '';
  const identity = facts([
    ['Version', model.version],
    ['Created', model.createdAt],
    ['Alert threshold', model.threshold],
    ['Seed', model.seed],
    ['Binary classes', model.classes?.binary],
    ['Attack classes', model.classes?.multiclass],
    ...Object.entries(model.details ?? {}).map(([k, v]): [string, unknown] => [humanize(k), v]),
  ]);
  const hyper =
    model.hyperParameters === undefined || Object.keys(model.hyperParameters).length === 0
      ? ''
      : `<h3>Hyper-parameters</h3>${facts(Object.entries(model.hyperParameters).map(([k, v]) => [humanize(k), v]))}`;
  const features =
    model.featureNames === undefined || model.featureNames.length === 0
      ? ''
      : `<h3>Features (${model.featureNames.length}, in model order)</h3><ol class="features">${model.featureNames
          .map((name) => `<li>${escapeText(name)}</li>`)
          .join('')}</ol>`;
  return `<section id="model"><h2>Model</h2>${identity}${hyper}${features}</section>`;
}
