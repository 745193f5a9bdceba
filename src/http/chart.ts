import { DateTime } from 'luxon';
import { html, type Html } from './html.js';
import { percent } from '../report/units.js';

export interface WeekPoint {
  /** The week's Monday, YYYY-MM-DD (UTC). */
  week: string;
  leads: number;
  booked: number;
  bookingRate: number | null;
}

const WIDTH = 720;
const HEIGHT = 220;
const MARGIN = { top: 18, right: 12, bottom: 28, left: 40 };
const MIN_BAR = 2;

/**
 * Booking rate per week as server-rendered SVG bars, 0–100 %. A week without leads has no bar
 * (its rate is undefined, not zero) but keeps its place on the axis. Each bar's <title> is its
 * tooltip, so the chart needs no script.
 */
export function bookingRateChart(points: readonly WeekPoint[]): Html {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = points.length === 0 ? plotWidth : plotWidth / points.length;
  const barWidth = Math.max(2, slot * 0.7);
  const y = (rate: number) => MARGIN.top + plotHeight * (1 - rate);
  const labelEvery = Math.ceil(points.length / 12);
  const grid = [0, 0.5, 1].map(
    (rate) => html`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(rate)}" y2="${y(rate)}" stroke="#d9dee8"/>
<text x="${MARGIN.left - 6}" y="${y(rate) + 4}" text-anchor="end">${rate * 100} %</text>`,
  );
  const bars = points.map((point, index) => {
    const x = MARGIN.left + index * slot + (slot - barWidth) / 2;
    const label =
      index % labelEvery === 0
        ? html`<text x="${round(x + barWidth / 2)}" y="${HEIGHT - 8}" text-anchor="middle">${DateTime.fromISO(point.week, { zone: 'UTC' }).toFormat('d LLL')}</text>`
        : '';
    if (point.bookingRate === null) return label;
    // A 0 % week keeps a sliver on the axis, so it reads differently from a week without leads.
    const top = Math.min(y(point.bookingRate), MARGIN.top + plotHeight - MIN_BAR);
    const centre = round(x + barWidth / 2);
    return html`<rect class="bar" data-week="${point.week}" data-rate="${point.bookingRate}" x="${round(x)}" y="${round(top)}" width="${round(barWidth)}" height="${round(MARGIN.top + plotHeight - top)}"><title>Week of ${point.week}: ${point.booked} of ${point.leads} leads booked (${percent(point.bookingRate)})</title></rect>
<text class="rate" x="${centre}" y="${round(top - 4)}" text-anchor="middle">${Math.round(point.bookingRate * 100)} %</text>${label}`;
  });
  return html`<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" aria-label="Booking rate by week">
${grid}
${bars}
</svg>`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
