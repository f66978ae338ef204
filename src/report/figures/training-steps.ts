import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from '../report-data.js';
import { CONFIG, DOUBLE_COLUMN, Labels, panelWidth, SCHEMA, slug, type Figure, type FigureLayout } from './common.js';

/**
 * pass@1 and pass@k across training steps (paper Fig. 1 right / Table 3): pass@1 usually climbs
 * with RL steps while pass@k at large k stays flat or falls.
 */
export function trainingStepFigures(data: ReportData, layout: FigureLayout = DOUBLE_COLUMN): Figure[] {
  const labels = new Labels(data);
  return data.trainingSteps
    .filter((t) => t.points.length >= 2)
    .map((t) => {
      const points = [...t.points].sort((a, b) => a.step - b.step);
      const rows = points.flatMap((p) => [
        { step: p.step, model: labels.model(p.model), metric: 'pass@1', value: p.pass1 },
        { step: p.step, model: labels.model(p.model), metric: `pass@${t.k}`, value: p.passK },
      ]);
      const spec = {
        $schema: SCHEMA,
        title: `pass@1 and pass@${t.k} across training steps — ${labels.benchmark(t.benchmark)}`,
        width: Math.min(420, panelWidth(layout, 1) - 60),
        height: layout.name === 'double' ? 220 : 170,
        data: { values: rows },
        layer: [
          {
            mark: { type: 'line', point: { size: 50 } },
            encoding: {
              x: { field: 'step', type: 'quantitative', title: 'training step' },
              y: { field: 'value', type: 'quantitative', title: 'pass@k', scale: { domain: [0, 1] }, axis: { format: '.0%' } },
              color: { field: 'metric', type: 'nominal', title: null, scale: { range: ['#e15759', '#4e79a7'] } },
              tooltip: [{ field: 'model' }, { field: 'metric' }, { field: 'value', format: '.3f' }],
            },
          },
          {
            mark: { type: 'text', dy: -10, fontSize: 10, color: '#333333' },
            encoding: {
              x: { field: 'step', type: 'quantitative' },
              y: { field: 'value', type: 'quantitative' },
              text: { field: 'value', type: 'quantitative', format: '.1%' },
            },
          },
        ],
        config: CONFIG,
      } as TopLevelSpec;
      return {
        id: `training-steps-${slug(t.benchmark)}`,
        title: `Training steps on ${labels.benchmark(t.benchmark)}`,
        caption: `pass@1 and pass@${t.k} of each checkpoint against its training step (step 0 = the base model).`,
        spec,
      };
    });
}
