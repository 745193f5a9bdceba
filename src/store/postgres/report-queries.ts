import type { Session } from './session.js';
import type { ReportQueries } from '../report-queries.js';
import { notYet } from './not-yet.js';

export function createPostgresReportQueries(_session: Session): ReportQueries {
  return notYet<ReportQueries>('report-queries');
}
